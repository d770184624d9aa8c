package dev.switchboard.socketio;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Room membership of one namespace on this node. A room exists while it has members: the last one to leave
 * removes it. Every socket is in the room named by its own id. One lock guards both directions of the map.
 */
final class Rooms {

    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, Set<String>> roomsOf = new HashMap<>();

    synchronized void join(String socketId, Collection<String> rooms) {
        Set<String> mine = roomsOf.computeIfAbsent(socketId, k -> new LinkedHashSet<>());
        for (String room : rooms) {
            mine.add(room);
            members.computeIfAbsent(room, k -> new HashSet<>()).add(socketId);
        }
    }

    synchronized void leave(String socketId, String room) {
        Set<String> mine = roomsOf.get(socketId);
        if (mine == null || !mine.remove(room)) {
            return;
        }
        if (mine.isEmpty()) {
            roomsOf.remove(socketId);
        }
        removeMember(room, socketId);
    }

    synchronized void leaveAll(String socketId) {
        Set<String> mine = roomsOf.remove(socketId);
        if (mine != null) {
            for (String room : mine) {
                removeMember(room, socketId);
            }
        }
    }

    private void removeMember(String room, String socketId) {
        Set<String> m = members.get(room);
        if (m != null && m.remove(socketId) && m.isEmpty()) {
            members.remove(room);
        }
    }

    synchronized Set<String> roomsOf(String socketId) {
        Set<String> mine = roomsOf.get(socketId);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    /** Ids of the sockets in any of {@code rooms}, minus those in any of {@code except}. */
    synchronized Set<String> members(Set<String> rooms, Set<String> except) {
        Set<String> ids = new HashSet<>();
        for (String room : rooms) {
            Set<String> m = members.get(room);
            if (m != null) {
                ids.addAll(m);
            }
        }
        removeExcepted(ids, except);
        return ids;
    }

    /** Removes from {@code ids} every socket in any of {@code except}. */
    synchronized void removeExcepted(Set<String> ids, Set<String> except) {
        for (String room : except) {
            Set<String> m = members.get(room);
            if (m != null) {
                ids.removeAll(m);
            }
        }
    }

    /** Every room with its member count. */
    synchronized Map<String, Integer> sizes() {
        Map<String, Integer> out = new HashMap<>();
        members.forEach((room, m) -> out.put(room, m.size()));
        return out;
    }

    synchronized int roomCount() {
        return members.size();
    }
}
