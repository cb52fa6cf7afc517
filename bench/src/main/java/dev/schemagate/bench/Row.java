package dev.schemagate.bench;

/** One line of the results table. */
record Row(String name, String target, String measured, String met, String notes) {
    static String verdict(boolean met) {
        return met ? "yes" : "NO";
    }
}
