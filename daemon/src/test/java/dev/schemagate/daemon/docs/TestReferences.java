package dev.schemagate.daemon.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that a document's {@code Class#method} references name real tests: a class of that simple name in the
 * repository's test sources, and in it (or in a class it extends) a method of that name carrying a JUnit or Jazzer
 * test annotation. A helper method of the same name does not count: it proves nothing.
 */
final class TestReferences {
    /**
     * `Class#method` or `Class` in backticks; the method part is optional (whole-class references). A class name has
     * a lower-case letter, so SQL words such as `COMMIT` are not taken for one.
     */
    static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Z0-9_]*[a-z][A-Za-z0-9_]*)(?:#([a-z][A-Za-z0-9_]*))?`");

    private static final Pattern TEST_ANNOTATION =
            Pattern.compile("@(Test|ParameterizedTest|FuzzTest|RepeatedTest|TestFactory|TestTemplate)\\b");
    private static final Pattern EXTENDS = Pattern.compile("\\bclass\\s+\\w+\\s+extends\\s+(\\w+)");

    private final Function<String, Optional<String>> sources;

    /** {@code sources} gives a class's source text by its simple name, or empty when there is none. */
    TestReferences(Function<String, Optional<String>> sources) {
        this.sources = sources;
    }

    /** Over the test sources of every module of the checkout at {@code root} ({@code src/test/java} folders). */
    static TestReferences inRepository(Path root) {
        Map<String, List<Path>> byName;
        try (Stream<Path> files = Files.walk(root)) {
            byName = files.filter(p -> p.toString().contains("/src/test/java/"))
                    .filter(p -> p.getFileName().toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .collect(Collectors.groupingBy(
                            p -> p.getFileName().toString().replaceFirst("\\.java$", "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestReferences(name -> Optional.ofNullable(byName.get(name))
                .map(paths -> paths.stream().map(TestReferences::read).collect(Collectors.joining("\n"))));
    }

    /** What is wrong with {@code className#method} (method may be null: the class alone), or empty when it is real. */
    Optional<String> problem(String className, String method) {
        Optional<String> source = sources.apply(className);
        if (source.isEmpty()) {
            return Optional.of("no test class " + className + " (no " + className + ".java under any src/test/java)");
        }
        if (method == null || declaresTest(className, method, 0)) {
            return Optional.empty();
        }
        return Optional.of(className + " has no test method " + method + " (a void " + method
                + "(...) annotated @Test, @ParameterizedTest, @FuzzTest, ...)");
    }

    private boolean declaresTest(String className, String method, int depth) {
        Optional<String> source = sources.apply(className);
        if (source.isEmpty() || depth > 5) {
            return false;
        }
        if (declaresTest(source.get(), method)) {
            return true;
        }
        Matcher parent = EXTENDS.matcher(source.get());
        return parent.find() && declaresTest(parent.group(1), method, depth + 1);
    }

    /**
     * Whether {@code source} declares {@code void method(} with a test annotation among the lines just above it (its
     * annotations end at the previous blank line, statement, closing brace or comment).
     */
    static boolean declaresTest(String source, String method) {
        List<String> lines = source.lines().toList();
        Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
        for (int i = 0; i < lines.size(); i++) {
            if (!declaration.matcher(lines.get(i)).find()) {
                continue;
            }
            List<String> above = new ArrayList<>();
            for (int j = i - 1; j >= 0; j--) {
                String line = lines.get(j).trim();
                if (line.isEmpty()
                        || line.endsWith(";")
                        || line.equals("}")
                        || line.endsWith("*/")
                        || line.startsWith("//")) {
                    break;
                }
                above.add(line);
            }
            above.add(lines.get(i));
            if (TEST_ANNOTATION.matcher(String.join("\n", above)).find()) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
