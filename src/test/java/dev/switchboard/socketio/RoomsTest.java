package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Room membership without a container: joins, leaves, empty rooms removed, broadcast selection. */
class RoomsTest {

    private final Rooms rooms = new Rooms();

    @Test
    void setsOfOneGrowAndShrinkThroughEveryJoinAndLeave() {
        // one member or room is held as an immutable set; the second turns it into a hash set, and back down
        rooms.join("a", List.of("x"));
        rooms.join("a", List.of("x"));
        rooms.join("b", List.of("x"));
        rooms.join("a", List.of("y", "z"));
        assertEquals(Map.of("x", 2, "y", 1, "z", 1), rooms.sizes());

        rooms.leave("a", "x");
        rooms.leave("a", "y");
        rooms.join("a", List.of("x"));
        rooms.leave("b", "x");
        rooms.join("c", List.of("x"));
        assertEquals(Set.of("x", "z"), rooms.roomsOf("a"));
        assertEquals(Set.of("a", "c"), rooms.members(Set.of("x"), Set.of()));

        rooms.leave("a", "z");
        rooms.leave("a", "x");
        rooms.leave("c", "x");
        assertEquals(0, rooms.roomCount());
        assertEquals(Set.of(), rooms.roomsOf("a"));
        assertEquals(Set.of(), rooms.roomsOf("c"));
    }

    @Test
    void joiningPutsASocketInEveryNamedRoom() {
        rooms.join("a", List.of("a", "lobby", "games"));

        assertEquals(Set.of("a", "lobby", "games"), rooms.roomsOf("a"));
        assertEquals(Map.of("a", 1, "lobby", 1, "games", 1), rooms.sizes());
    }

    @Test
    void roomDisappearsWhenItsLastMemberLeaves() {
        rooms.join("a", List.of("lobby"));
        rooms.join("b", List.of("lobby"));

        rooms.leave("a", "lobby");
        assertEquals(Map.of("lobby", 1), rooms.sizes());
        rooms.leave("b", "lobby");

        assertEquals(0, rooms.roomCount());
        assertEquals(Set.of(), rooms.roomsOf("b"));
    }

    @Test
    void leaveAllEmptiesEveryRoomOfTheSocket() {
        rooms.join("a", List.of("a", "x", "y"));
        rooms.join("b", List.of("b", "y"));

        rooms.leaveAll("a");

        assertEquals(Map.of("b", 1, "y", 1), rooms.sizes());
        assertEquals(Set.of(), rooms.roomsOf("a"));
    }

    @Test
    void leavingARoomNotJoinedChangesNothing() {
        rooms.join("a", List.of("x"));

        rooms.leave("a", "y");
        rooms.leave("nobody", "x");

        assertEquals(Map.of("x", 1), rooms.sizes());
    }

    @Test
    void membersOfSeveralRoomsAreCountedOnce() {
        rooms.join("a", List.of("x", "y"));
        rooms.join("b", List.of("y"));
        rooms.join("c", List.of("z"));

        assertEquals(Set.of("a", "b"), rooms.members(Set.of("x", "y"), Set.of()));
    }

    @Test
    void exceptRemovesMembersOfTheExceptedRooms() {
        rooms.join("a", List.of("a", "team"));
        rooms.join("b", List.of("b", "team", "muted"));
        rooms.join("c", List.of("c", "team"));

        assertEquals(Set.of("a"), rooms.members(Set.of("team"), Set.of("muted", "c")));
    }

    @Test
    void exceptAppliesToAnExplicitSetOfIds() {
        rooms.join("a", List.of("a"));
        rooms.join("b", List.of("b", "muted"));
        Set<String> ids = new java.util.HashSet<>(Set.of("a", "b", "c"));

        rooms.removeExcepted(ids, Set.of("muted"));

        assertTrue(ids.containsAll(Set.of("a", "c")) && ids.size() == 2, ids.toString());
    }

    @Test
    void unknownRoomsSelectNobody() {
        assertEquals(Set.of(), rooms.members(Set.of("nowhere"), Set.of()));
    }
}
