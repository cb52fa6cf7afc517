package dev.schemagate.protocol;

/** A received line that breaks the protocol, carrying the {@link ErrorCodes} code to report for it. */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code an ERROR code from {@link ErrorCodes}, such as {@link ErrorCodes#BAD_MESSAGE}
     * @param message what was wrong, naming the offending part of the line
     */
    public ProtocolException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The {@link ErrorCodes} code a daemon sends back in its ERROR line. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
