package dev.switchboard.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerLogTest {

    private static final String GRIZZLY_404 = "[2026-01-01T10:00:01.000+0000] [] [WARNING] [NCLS-CORE-00090] "
            + "[javax.enterprise.system.core] [tid: _ThreadID=32] [timeMillis: 1000] [levelValue: 900] [[\n"
            + "  Internal Server error: /socket.io/\njava.io.IOException: Connection is closed\n"
            + "\tat org.glassfish.grizzly.nio.NIOConnection.assertOpen(NIOConnection.java:427)\n]]\n";
    private static final String DEPLOYED = "[2026-01-01T10:00:02.000+0000] [] [INFO] [] [javax.enterprise.system.core] "
            + "[timeMillis: 2000] [levelValue: 800] switchboard-fuzz-test was successfully deployed in 9,761 ms.\n";
    private static final String OUR_WARNING = "[2026-01-01T10:00:03.000+0000] [] [WARNING] [] "
            + "[dev.switchboard.socketio.SocketIoNamespace] [timeMillis: 3000] [levelValue: 900] [[\n"
            + "  Handler for 'echo' failed\njava.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds\n"
            + "\tat dev.switchboard.socketio.Arguments.resolve(Arguments.java:65)\n"
            + "\tat dev.switchboard.socketio.Arguments.values(Arguments.java:57)\n]]\n";

    private final FuzzReport report = new FuzzReport(1);

    @Test
    void grizzlyAnsweringTheReadinessPollBeforeTheDeploymentIsNotAProblem() {
        assertEquals(List.of(), ServerLog.problems(GRIZZLY_404 + DEPLOYED, report));
    }

    @Test
    void theSameRecordAfterTheDeploymentIsOne() {
        assertEquals(1, ServerLog.problems(DEPLOYED + GRIZZLY_404, report).size());
    }

    @Test
    void aStackTraceCountsOncePerRecordAndNamesTheEntriesInFlight() {
        FuzzFrame frame = new FuzzFrame(7, FrameCorpus.Category.PLACEHOLDERS, true,
                List.of("42[\"echo\",{\"_placeholder\":true,\"num\":1}]"), new byte[0]);
        report.window("websocket", frame, 2950, 3010);
        List<String> problems = ServerLog.problems(DEPLOYED + OUR_WARNING + OUR_WARNING, report);
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).contains("#7 PLACEHOLDERS"), problems.get(0));
    }

    @Test
    void severeIsAProblemEvenWithoutAStackTrace() {
        String severe = "[2026-01-01T10:00:04.000+0000] [] [SEVERE] [] [x] [timeMillis: 4000] [levelValue: 1000] boom\n";
        assertEquals(1, ServerLog.problems(DEPLOYED + severe, report).size());
    }
}
