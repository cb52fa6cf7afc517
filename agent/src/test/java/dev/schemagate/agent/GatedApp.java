package dev.schemagate.agent;

/** The worker application of the child-JVM tests: prints a marker when its main runs, i.e. when the agent let it start. */
public final class GatedApp {

    static final String MARKER = "GATED-APP-MAIN-RAN";

    private GatedApp() {}

    public static void main(String[] args) {
        System.out.println(MARKER);
    }
}
