package io.peerexchange.adapters.controlplane.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails as soon as more than {@code cap} bytes were read, so no answer is buffered without bound. */
public final class CappedInputStream extends FilterInputStream {
    private final long cap;
    private long count;

    public CappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws ResponseTooLargeException {
        count += n;
        if (count > cap) {
            throw new ResponseTooLargeException(cap);
        }
    }
}
