package dev.ota.uptane.delta;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Delta size, generation and apply time on realistic images (not a test; run as a main class, docs/benchmarks.md):
 * a 64 MiB "root file system" of real jars from the local Maven repository, once with one set of component versions
 * and once with a few components at their next version, everything else identical but shifted. Compares the delta
 * with plain zstd of the new image (what a vehicle downloads without a base).
 *
 * <p>Scenarios: {@code small} = spring-core and spring-context 7.0.5 -> 7.0.8 (a framework patch release, 3.4 MB of
 * 64 MiB replaced); {@code larger} = also jgit 7.3 -> 7.4, scala-reflect 2.13.16 -> 2.13.18 and byte-buddy
 * 1.18.13 -> 1.18.14 (about 15 MB replaced).
 */
public final class DeltaBenchmark {

    private static final int IMAGE = 64 << 20;
    private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

    private DeltaBenchmark() {}

    private record Change(String from, String to) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        var small = List.of(
                new Change(
                        "org/springframework/spring-core/7.0.5/spring-core-7.0.5.jar",
                        "org/springframework/spring-core/7.0.8/spring-core-7.0.8.jar"),
                new Change(
                        "org/springframework/spring-context/7.0.5/spring-context-7.0.5.jar",
                        "org/springframework/spring-context/7.0.8/spring-context-7.0.8.jar"));
        var larger = new ArrayList<>(small);
        larger.add(new Change(
                "org/eclipse/jgit/org.eclipse.jgit/7.3.0.202506031305-r/org.eclipse.jgit-7.3.0.202506031305-r.jar",
                "org/eclipse/jgit/org.eclipse.jgit/7.4.0.202509020913-r/org.eclipse.jgit-7.4.0.202509020913-r.jar"));
        larger.add(new Change(
                "org/scala-lang/scala-reflect/2.13.16/scala-reflect-2.13.16.jar",
                "org/scala-lang/scala-reflect/2.13.18/scala-reflect-2.13.18.jar"));
        larger.add(new Change(
                "net/bytebuddy/byte-buddy/1.18.13/byte-buddy-1.18.13.jar",
                "net/bytebuddy/byte-buddy/1.18.14/byte-buddy-1.18.14.jar"));
        run("small", small, rounds);
        run("larger", larger, rounds);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM")) {
                System.out.println("[delta-bench] process peak resident memory " + line.replaceAll("\\s+", " "));
            }
        }
    }

    private static void run(String scenario, List<Change> changes, int rounds) throws IOException {
        List<Path> filler = filler(changes);
        byte[] base = image(filler, changes.stream().map(Change::from).toList());
        byte[] next = image(filler, changes.stream().map(Change::to).toList());
        long changed = changes.stream().mapToLong(c -> size(c.to())).sum();
        long[] create = new long[rounds];
        long[] apply = new long[rounds];
        byte[] delta = new byte[0];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            delta = ZstdPatch.create(base, next);
            long t1 = System.nanoTime();
            byte[] back = ZstdPatch.apply(base, delta, next.length);
            long t2 = System.nanoTime();
            if (!Arrays.equals(back, next)) {
                throw new AssertionError("the delta did not reproduce the image");
            }
            create[i] = t1 - t0;
            apply[i] = t2 - t1;
        }
        long t3 = System.nanoTime();
        byte[] plain = Zstd.compress(next, 6);
        long plainNanos = System.nanoTime() - t3;
        double gib = next.length / (double) (1L << 30);
        System.out.printf(
                "[delta-bench] %s: image %d B, components replaced %d B; delta %d B = %.2f %% of the image;"
                        + " plain zstd -6 of the new image %d B = %.1f %% (%.0f ms); delta made in %.0f ms median"
                        + " (%.0f s per GiB), applied in %.0f ms median (%.1f s per GiB); %d rounds%n",
                scenario,
                next.length,
                changed,
                delta.length,
                100.0 * delta.length / next.length,
                plain.length,
                100.0 * plain.length / next.length,
                plainNanos / 1e6,
                median(create) / 1e6,
                median(create) / 1e9 / gib,
                median(apply) / 1e6,
                median(apply) / 1e9 / gib,
                rounds);
    }

    /** Jars of the local repository in path order, without the artifacts that change, to fill the image. */
    private static List<Path> filler(List<Change> changes) throws IOException {
        List<String> changing = changes.stream()
                .flatMap(c -> Stream.of(c.from(), c.to()))
                .map(p -> p.substring(0, p.lastIndexOf('/', p.lastIndexOf('/') - 1)))
                .toList();
        try (Stream<Path> files = Files.walk(M2)) {
            return files.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> changing.stream()
                            .noneMatch(c -> M2.relativize(p).toString().startsWith(c)))
                    .sorted()
                    .toList();
        }
    }

    /** 64 MiB: filler jars, the changing components in the middle, more filler, cut at the size. */
    private static byte[] image(List<Path> filler, List<String> components) throws IOException {
        var out = new ByteArrayOutputStream(IMAGE + (8 << 20));
        int i = 0;
        while (out.size() < IMAGE / 2 && i < filler.size()) {
            out.write(Files.readAllBytes(filler.get(i++)));
        }
        for (String component : components) {
            out.write(Files.readAllBytes(M2.resolve(component)));
        }
        while (out.size() < IMAGE && i < filler.size()) {
            out.write(Files.readAllBytes(filler.get(i++)));
        }
        return Arrays.copyOf(out.toByteArray(), IMAGE);
    }

    private static long size(String component) {
        try {
            return Files.size(M2.resolve(component));
        } catch (IOException e) {
            throw new IllegalStateException("the benchmark needs " + component + " in " + M2, e);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
