# $CATALINA_BASE/bin/setenv.sh: catalina.sh reads this file for every command.
# CATALINA_OPTS reaches only the server JVM (start, run, debug); JAVA_OPTS would also reach the JVMs of
# `catalina.sh stop`, `version` and `configtest`, which must not wait for the schema.
CATALINA_OPTS="$CATALINA_OPTS -javaagent:/opt/schemagate/schemagate-agent.jar=socket=/run/schemagate/schemagate.sock,app=tomcat"
# With a pid file, `catalina.sh stop` also ends a Tomcat that is still waiting in the agent: its shutdown port
# is not open yet, so stop falls back to SIGTERM on this pid.
CATALINA_PID="$CATALINA_BASE/temp/catalina.pid"
