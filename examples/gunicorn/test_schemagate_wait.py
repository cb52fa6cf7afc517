"""schemagate_wait against a real daemon (java -jar $SCHEMAGATE_JAR daemon), line for line beside `schemagate wait`.

    SCHEMAGATE_JAR=../../daemon/target/schemagate.jar python3 -m unittest -v test_schemagate_wait

JAVA names the java binary (default: java on PATH). GunicornIT runs this file in ./mvnw verify.
"""
import io, os, shutil, subprocess, sys, tempfile, time, unittest

import schemagate_wait

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.environ.get("SCHEMAGATE_JAR")
JAVA = os.environ.get("JAVA") or shutil.which("java")


class WaiterAgainstRealDaemon(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not JAR or not os.path.isfile(JAR) or not JAVA:
            raise AssertionError("set SCHEMAGATE_JAR to daemon/target/schemagate.jar (./mvnw -B -q package -DskipTests)"
                                 " and have java on PATH or in JAVA; got SCHEMAGATE_JAR=%r JAVA=%r" % (JAR, JAVA))

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="schemagate-wait-test-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.socket = os.path.join(self.dir, "sg.sock")
        self.migrations = os.path.join(self.dir, "migrations")
        shutil.copytree(os.path.join(HERE, "migrations"), self.migrations)

    def daemon(self):
        log = open(os.path.join(self.dir, "daemon.log"), "wb")
        self.addCleanup(log.close)
        p = subprocess.Popen([JAVA, "-jar", JAR, "daemon", "--db", os.path.join(self.dir, "cms.db"), "--migrations",
                              self.migrations, "--socket", self.socket, "--metrics", "off"], stdout=log, stderr=log)
        self.addCleanup(p.wait, 30)
        self.addCleanup(p.kill)
        return p

    def waiter(self, *args):
        """Runs this module's command line as a user would; returns (exit code, stdout, stderr)."""
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        r = subprocess.run([sys.executable, os.path.join(HERE, "schemagate_wait.py")] + list(args), env=env,
                           capture_output=True, text=True, timeout=90)
        return r.returncode, r.stdout, r.stderr

    def java_wait(self, *args):
        r = subprocess.run([JAVA, "-jar", JAR, "wait"] + list(args), capture_output=True, text=True, timeout=90)
        return r.returncode, r.stdout, r.stderr

    def assertSameEnding(self, python, java):
        """Same exit code, stdout and final stderr line; progress lines before it depend on timing (a slow daemon)."""
        self.assertEqual(python[:2] + (python[2].splitlines()[-1],), java[:2] + (java[2].splitlines()[-1],))

    def write(self, name, sql):
        with open(os.path.join(self.migrations, name), "w", encoding="utf-8") as f:
            f.write(sql)

    def test_started_before_the_daemon_it_returns_0_once_the_schema_is_ready(self):
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        waiter = subprocess.Popen([sys.executable, os.path.join(HERE, "schemagate_wait.py"), "--socket", self.socket,
                                   "--timeout", "60s"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.daemon()
        out, err = waiter.communicate(timeout=90)
        self.assertEqual(0, waiter.returncode, err)
        self.assertRegex(out, r"^schemagate: schema ready at version 3 after \d+ ms\n$")

    def test_a_failed_migration_exits_70_with_the_same_words_as_schemagate_wait(self):
        self.write("003_sessions.sql", "CREATE TABLE sessions (id TEXT);\n\nINSERT INTO nope VALUES (1);\n")
        self.daemon()
        code, out, err = self.waiter("--socket", self.socket, "--timeout", "60s")
        self.assertEqual(70, code, err)
        self.assertIn("003_sessions.sql", err)
        self.assertIn("line 3", err)
        self.assertIn("no such table: nope", err)
        self.assertSameEnding((70, "", err), self.java_wait("--socket", self.socket, "--timeout", "60s"))

    def test_bad_migration_files_exit_65_with_the_same_words_as_schemagate_wait(self):
        self.write("3_sessions_again.sql", "SELECT 1;")
        self.daemon()
        code, out, err = self.waiter("--socket", self.socket, "--timeout", "60s")
        self.assertEqual(65, code, err)
        self.assertIn("3_sessions_again.sql", err)
        self.assertSameEnding((65, "", err), self.java_wait("--socket", self.socket, "--timeout", "60s"))

    def test_a_version_the_daemon_does_not_have_exits_75_after_the_timeout(self):
        self.daemon()
        self.assertEqual(0, self.waiter("--socket", self.socket, "--timeout", "60s")[0])
        code, out, err = self.waiter("--socket", self.socket, "--timeout", "2s", "--requires", "9")
        self.assertEqual(75, code, err)
        self.assertIn("schema not ready after 2s: daemon has no version 9 yet (newest: 3)", err)
        self.assertSameEnding((75, "", err), self.java_wait("--socket", self.socket, "--timeout", "2s", "--requires", "9"))

    def test_no_daemon_exits_69_with_the_same_words_as_schemagate_wait(self):
        code, out, err = self.waiter("--socket", self.socket, "--timeout", "1s")
        self.assertEqual(69, code, err)
        self.assertIn("schemagate daemon not reachable at " + self.socket + " within 1s", err)
        self.assertSameEnding((69, "", err), self.java_wait("--socket", self.socket, "--timeout", "1s"))

    def test_bad_options_exit_78_and_unknown_ones_64(self):
        code, out, err = self.waiter("--socket", self.socket, "--timeout", "soon", "--requires", "latest")
        self.assertEqual(78, code, err)
        self.assertIn("--timeout 'soon'", err)
        self.assertIn("--requires 'latest'", err)
        self.assertEqual((78, "", err), self.java_wait("--socket", self.socket, "--timeout", "soon", "--requires", "latest"))
        self.assertEqual(64, self.waiter("--sockt", self.socket)[0])


class LinesAsTheProtocolWritesThem(unittest.TestCase):
    def test_quoted_values_are_unescaped(self):
        kind, f = schemagate_wait.parse('FAILED code=MIGRATION_FAILED file="V3__add users.sql" line=4'
                                        ' message="\\"a\\" \\\\ b\\nc \\u00e9\\u001B" action=""')
        self.assertEqual("FAILED", kind)
        self.assertEqual({"code": "MIGRATION_FAILED", "file": "V3__add users.sql", "line": "4",
                          "message": '"a" \\ b\nc \u00e9\x1b', "action": ""}, f)

    def test_values_round_trip_through_quote_and_parse(self):
        for value in ["cms", "orders api", 'a"b', "C:\\dir", "tab\there", "\x1b\x7f\x85", "", "caf\u00e9 \U0001F600"]:
            self.assertEqual(value, schemagate_wait.parse("HELLO app=" + schemagate_wait.quote(value))[1]["app"])

    def test_failed_reads_like_the_agent(self):
        reason = schemagate_wait.describe("FAILED", {"code": "LOCK_TIMEOUT", "file": "001_notes.sql", "line": "2",
                                                      "message": "lock\nnot acquired.", "action": "retry"})
        self.assertEqual("schema migration failed: LOCK_TIMEOUT in 001_notes.sql line 2: lock not acquired;"
                         " action: retry", reason)


if __name__ == "__main__":
    unittest.main()
