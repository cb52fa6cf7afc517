package dev.schemagate.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Paths, child processes and small file helpers shared by the benchmarks. */
final class Env {
    final Path root;
    final Path work;
    final Path daemonJar;
    final Path agentJar;
    final Path benchJar;
    final Path tinyJar;
    final String java;
    final boolean quick;

    Env(Path root, Path work, boolean quick) throws IOException {
        this.root = root;
        this.work = work;
        this.quick = quick;
        this.daemonJar = root.resolve("daemon/target/schemagate.jar");
        this.agentJar = root.resolve("agent/target/schemagate-agent.jar");
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            this.benchJar = Path.of(Bench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Path p : List.of(daemonJar, agentJar)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing: run ./mvnw -B -q package -DskipTests first");
            }
        }
        this.tinyJar = work.resolve("tiny.jar");
        writeTinyJar(tinyJar);
    }

    int runs(int full, int quickRuns) {
        return quick ? quickRuns : full;
    }

    /** A jar holding only TrivialApp and EmptyAgent (Premain-Class), so no variant pays for a big class path. */
    private static void writeTinyJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), EmptyAgent.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> c : List.of(TrivialApp.class, EmptyAgent.class)) {
                String name = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = Bench.class.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    Path dir(String name) throws IOException {
        Path d = work.resolve(name);
        deleteTree(d);
        Files.createDirectories(d);
        return d;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.delete(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static void deleteDb(Path db) throws IOException {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
    }

    /** A started child whose stdout is read for the first line equal to {@code marker}. */
    static final class Child {
        final Process process;
        final long startNanos;
        volatile long markerNanos;

        Child(Process process, long startNanos) {
            this.process = process;
            this.startNanos = startNanos;
        }

        /** Blocks until the marker line (or EOF); returns the nanos since spawn, or -1 at EOF. */
        long awaitMarker(String marker) throws IOException {
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals(marker)) {
                    markerNanos = System.nanoTime();
                    return markerNanos - startNanos;
                }
            }
            return -1;
        }
    }

    Child spawn(List<String> command, File stderrLog) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog));
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new Child(p, t0);
    }

    List<String> javaCmd(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** VmRSS of a process in KiB, from /proc. */
    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Runs a command to completion and returns its stdout. */
    static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
