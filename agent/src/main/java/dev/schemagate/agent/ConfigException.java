package dev.schemagate.agent;

/** Bad agent options; the message lists every problem on one line, each naming the key, the value and the expected form. */
final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }
}
