package dev.schemagate.daemon;

/** This build's version, from the jar manifest. */
public final class Version {
    private Version() {}

    /** The Implementation-Version of the jar, or "development" when run from classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
