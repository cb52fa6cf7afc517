package dev.schemagate.examples.tomcat;

import dev.schemagate.examples.testing.GatedServerContract;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.ServerInstance;

/**
 * The real Tomcat binary distribution, one CATALINA_BASE per instance, the agent in {@code bin/setenv.sh} through
 * {@code CATALINA_OPTS} exactly as examples/tomcat/setenv.sh (and the README) say.
 *
 * <p>Instances run {@code catalina.sh run} so that the server JVM's exit code reaches the test ({@code run} execs
 * the JVM); its console goes to {@code logs/catalina.out}, where {@code catalina.sh start} would append it.
 * TomcatStopIT covers {@code start} and {@code stop}.
 */
class TomcatIT extends GatedServerContract {

    @Override
    protected Launched start(ServerInstance instance) throws Exception {
        String setenv = CatalinaBase.setenv(
                instance.agentJar(), instance.socket(), instance.name(), CatalinaBase.CATALINA_OPTS_LINE);
        CatalinaBase base = CatalinaBase.create(instance.home(), setenv, instance.db());
        return base.catalina(base.catalinaOut(), "run");
    }
}
