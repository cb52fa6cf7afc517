package dev.schemagate.bench;

/** The worker the start-up rows spawn: prints its marker from main and exits. */
public final class TrivialApp {
    private TrivialApp() {}

    public static void main(String[] args) {
        System.out.println("MAIN");
        System.out.flush();
    }
}
