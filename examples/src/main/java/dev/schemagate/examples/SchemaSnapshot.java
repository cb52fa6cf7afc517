package dev.schemagate.examples;

/**
 * What an example app saw of the sample schema when it started: the applied version and two counts that only
 * exist once every sample migration has run (the view of V4 and the trigger-maintained counter of V2/V3).
 */
public record SchemaSnapshot(String version, long accounts, long orders) {

    /** The one-line form the example apps print and serve, e.g. {@code version=4 accounts=20000 orders=100000}. */
    public String text() {
        return "version=" + version + " accounts=" + accounts + " orders=" + orders;
    }
}
