package io.peerexchange.testing.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ping -D} every {@value #INTERVAL} s across the tunnel from inside a peer's namespace: the
 * traffic a user offers. The first reply's own timestamp (epoch, microseconds) is when the tunnel
 * carried traffic, independent of when this process read the line.
 */
public final class TunnelPing implements AutoCloseable {
    static final String INTERVAL = "0.05";
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d{6})\\] \\d+ bytes from");

    private final Process process;
    private final AtomicLong firstReply = new AtomicLong(-1);
    private final CountDownLatch replied = new CountDownLatch(1);
    private final List<Long> replies = new CopyOnWriteArrayList<>();

    private TunnelPing(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "px-tunnel-ping");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts pinging {@code target} from namespace {@code ns} now. */
    public static TunnelPing start(String ns, String target) throws IOException {
        return start(ns, target, INTERVAL);
    }

    /** As {@link #start(String, String)}, one ping every {@code interval} seconds. */
    public static TunnelPing start(String ns, String target, String interval) throws IOException {
        Process process = new ProcessBuilder(
                        List.of("ip", "netns", "exec", ns, "ping", "-D", "-n", "-i", interval, "-W", "1", target))
                .redirectErrorStream(true)
                .start();
        return new TunnelPing(process);
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher reply = REPLY.matcher(line);
                if (reply.find()) {
                    long at = Long.parseLong(reply.group(1)) * 1000 + Long.parseLong(reply.group(2)) / 1000;
                    replies.add(at);
                    if (firstReply.get() < 0) {
                        firstReply.set(at);
                        replied.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // The process was stopped: nothing more to read.
        }
    }

    /** Epoch milliseconds of the first reply, waiting at most {@code millis}; empty when none came. */
    public OptionalLong awaitFirstReply(long millis) throws InterruptedException {
        replied.await(millis, TimeUnit.MILLISECONDS);
        long at = firstReply.get();
        return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** Epoch milliseconds of every reply so far, in the order they came. */
    public List<Long> replies() {
        return List.copyOf(replies);
    }

    /**
     * The longest time without a reply from {@code fromMillis} to {@code toMillis} (epoch): between
     * two replies, or from the window's start to the first or from the last to its end.
     */
    public long longestGap(long fromMillis, long toMillis) {
        long previous = fromMillis;
        long longest = 0;
        for (long at : replies) {
            if (at < fromMillis || at > toMillis) {
                continue;
            }
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return Math.max(longest, toMillis - previous);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
