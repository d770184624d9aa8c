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
        for (String room : rooms) {
            if (add(roomsOf, socketId, room, true)) {
                add(members, room, socketId, false);
            }
        }
    }

    synchronized void leave(String socketId, String room) {
        if (remove(roomsOf, socketId, room)) {
            remove(members, room, socketId);
        }
    }

    synchronized void leaveAll(String socketId) {
        Set<String> mine = roomsOf.remove(socketId);
        if (mine != null) {
            for (String room : mine) {
                remove(members, room, socketId);
            }
        }
    }

    /**
     * Adds {@code value} to the set under {@code key}; false when it was there. A set of one is an immutable
     * {@code Set.of(value)} (24 bytes, where a hash set of one takes ~180): every socket is alone in the room of its
     * own id, and most sockets are in that room only, so these two sets of one are most of a connection's room
     * state. A second value turns it into a hash set ({@code ordered}: in the order of joining).
     */
    private static boolean add(Map<String, Set<String>> map, String key, String value, boolean ordered) {
        Set<String> set = map.get(key);
        if (set == null) {
            map.put(key, Set.of(value));
            return true;
        }
        if (set.contains(value)) {
            return false;
        }
        if (set instanceof HashSet<String> grown) {
            grown.add(value);
        } else {
            Set<String> grown = ordered ? new LinkedHashSet<>(set) : new HashSet<>(set);
            grown.add(value);
            map.put(key, grown);
        }
        return true;
    }

    /** Removes {@code value} from the set under {@code key}, and the set when it was the last; false when absent. */
    private static boolean remove(Map<String, Set<String>> map, String key, String value) {
        Set<String> set = map.get(key);
        if (set == null || !set.contains(value)) {
            return false;
        }
        if (set.size() == 1) {
            map.remove(key);
        } else {
            set.remove(value); // a hash set: only they hold more than one
        }
        return true;
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
