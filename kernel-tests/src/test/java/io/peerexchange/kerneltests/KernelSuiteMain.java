package io.peerexchange.kerneltests;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The guest's side of the kernel suite: runs the named test classes in this one JVM (a JVM start costs
 * seconds under TCG) and prints one {@code PXK-RESULT} line per test, with the failure's stack trace as
 * {@code PXK-TRACE} lines, for {@link KernelGuestTest} to turn into test results on the host. Exits 0
 * only when every test passed: inside the guest nothing may be skipped.
 */
public final class KernelSuiteMain {
    private KernelSuiteMain() {}

    public static void main(String[] args) throws ClassNotFoundException {
        List<ClassSelector> selectors = new ArrayList<>();
        for (String name : args) {
            selectors.add(selectClass(Class.forName(name)));
        }
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        Launcher launcher = LauncherFactory.create();
        TestExecutionListener listener = new TestExecutionListener() {
            private final java.util.Map<String, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                started.put(id.getUniqueId(), System.nanoTime());
                if (id.isTest()) {
                    System.out.println("PXK-START " + name(id));
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                bad.incrementAndGet();
                System.out.println("PXK-RESULT SKIPPED 0 " + name(id));
                System.out.println("PXK-TRACE skipped in the guest, where nothing may be: " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                long ms = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
                boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                if (!id.isTest() && ok) {
                    return;
                }
                if (ok) {
                    passed.incrementAndGet();
                } else {
                    bad.incrementAndGet();
                }
                System.out.println("PXK-RESULT " + result.getStatus() + " " + ms + " " + name(id));
                result.getThrowable().ifPresent(t -> {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    trace.toString().lines().forEach(line -> System.out.println("PXK-TRACE " + line));
                });
            }
        };
        // One request per class, in the order given: the classes change the kernel's state.
        for (ClassSelector selector : selectors) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selector)
                    .build();
            launcher.execute(request, listener);
        }
        System.out.println("PXK-DONE passed=" + passed.get() + " failed=" + bad.get());
        System.out.flush();
        // Threads a test leaked (HTTP servers, pools) must not keep the guest from powering off.
        Runtime.getRuntime().halt(bad.get() == 0 && passed.get() > 0 ? 0 : 1);
    }

    /** {@code Class#method} for tests, the display name for containers (a failed @BeforeAll). */
    static String name(TestIdentifier id) {
        return id.getSource()
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast)
                .map(m -> simple(m.getClassName()) + "#" + m.getMethodName())
                .orElse(id.getDisplayName().replace(' ', '_'));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
