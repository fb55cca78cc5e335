package dev.ota.signing.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Measures an operation's cost in CPU time of the calling thread, which stays meaningful when the machine is shared
 * and wall-clock JMH figures are diluted by other load: ops per CPU-second times the number of cores is the
 * throughput the machine gives when it is not shared.
 *
 * <pre>java -cp ... dev.ota.signing.benchmarks.CpuTimeProbe</pre>
 */
public final class CpuTimeProbe {

    private CpuTimeProbe() {}

    public static void main(String[] args) throws Exception {
        var director = new DirectorMetadataBenchmark();
        director.setUp();
        report("director targets (canonical JSON + Ed25519)", director::directorTargets);
        report("director targets + snapshot + timestamp", director::directorTargetsSnapshotTimestamp);
        upload();
    }

    /** The 1 GiB upload path: process CPU time (both threads), so MB per CPU-second; wall time shown too. */
    static void upload() throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var bench = new UploadThroughputBenchmark();
        bench.setUp();
        double[] perCpu = new double[5];
        double[] wall = new double[5];
        for (int round = -1; round < perCpu.length; round++) {
            bench.newFile();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            bench.uploadOneGibibyte();
            if (round >= 0) {
                perCpu[round] = 1024 / ((os.getProcessCpuTime() - cpu0) / 1e9);
                wall[round] = 1024 / ((System.nanoTime() - wall0) / 1e9);
            }
            bench.deleteFile();
        }
        java.util.Arrays.sort(perCpu);
        java.util.Arrays.sort(wall);
        System.out.printf(
                "upload 1 GiB (SHA-256 + SHA-512 + write): median %.0f MB per CPU-second, x%d cores = %.0f MB/s;"
                        + " wall-clock median %.0f MB/s on the machine as it is%n",
                perCpu[2],
                Runtime.getRuntime().availableProcessors(),
                perCpu[2] * Runtime.getRuntime().availableProcessors(),
                wall[2]);
    }

    static void report(String name, Supplier<?> op) {
        var bean = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 20_000; warm++) {
            op.get();
        }
        double[] rates = new double[7];
        for (int round = 0; round < rates.length; round++) {
            long cpu0 = bean.getCurrentThreadCpuTime();
            int n = 0;
            while (bean.getCurrentThreadCpuTime() - cpu0 < 1_000_000_000L) {
                for (int i = 0; i < 200; i++) {
                    op.get();
                }
                n += 200;
            }
            rates[round] = n / ((bean.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        java.util.Arrays.sort(rates);
        System.out.printf(
                "%s: median %.0f ops per CPU-second (min %.0f, max %.0f); x%d cores = %.0f/s%n",
                name,
                rates[rates.length / 2],
                rates[0],
                rates[rates.length - 1],
                Runtime.getRuntime().availableProcessors(),
                rates[rates.length / 2] * Runtime.getRuntime().availableProcessors());
    }
}
