package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.protocol.SocketPacket;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conversions at the edges that the fuzz test found: numbers JSON cannot hold, placeholders with no binary. */
class PayloadsTest {

    @Test
    void nonFiniteNumbersBecomeNullAsJavaScriptWritesThem() {
        // a client's 1e999 reaches a double parameter as Infinity; echoing it must not fail the acknowledgement
        for (Object value : new Object[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                Float.POSITIVE_INFINITY, Float.NaN}) {
            assertEquals(JsonValue.NULL, Payloads.toJson(value, new ArrayList<>()), String.valueOf(value));
        }
        assertEquals(Json.createValue(1.5), Payloads.toJson(1.5, new ArrayList<>()));
    }

    @Test
    void placeholderInAPacketWithoutAttachmentsIsPlainData() {
        JsonArray args = array("[{\"_placeholder\":true,\"num\":0},{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]");
        Arguments arguments = new Arguments(args, List.of());

        Object[] values = arguments.values();

        assertEquals(args.get(0), values[0]);
        assertEquals(args.get(1), values[1]);
        assertThrows(IllegalArgumentException.class, () -> arguments.get(0, byte[].class));
    }

    @Test
    void placeholderResolvesToItsAttachmentOnlyWithAnIntegerNumberInRange() {
        byte[] only = {1, 2};
        assertArrayEquals(only, (byte[]) new Arguments(array("[" + SocketPacket.placeholder(0) + "]"), List.of(only))
                .values()[0]);
        assertArrayEquals(only, new Arguments(array("[{\"_placeholder\":true,\"num\":0.0}]"), List.of(only))
                .get(0, byte[].class));
        for (String num : new String[] {"1", "-1", "0.5", "\"0\"", "1e999"}) {
            Arguments arguments = new Arguments(array("[{\"_placeholder\":true,\"num\":" + num + "}]"), List.of(only));
            assertThrows(IllegalArgumentException.class, () -> arguments.get(0, byte[].class), num);
        }
    }

    private static JsonArray array(String json) {
        return Json.createReader(new StringReader(json)).readArray();
    }
}
