package dev.switchboard.admin;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Test-only: reads {@code dev.switchboard:type=Node} from the platform MBean server, as JConsole would (through
 * the MBean server, not the bean), and answers every attribute as JSON; maps become objects.
 */
@WebServlet("/test-probe/mbean")
public class NodeMBeanProbeServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NodeMBean.NAME);
            JsonObjectBuilder out = Json.createObjectBuilder();
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                Object value = server.getAttribute(name, attribute.getName());
                if (value instanceof TabularData table) {
                    JsonObjectBuilder map = Json.createObjectBuilder();
                    for (Object row : table.values()) {
                        CompositeData entry = (CompositeData) row;
                        map.add(String.valueOf(entry.get("key")), String.valueOf(entry.get("value")));
                    }
                    out.add(attribute.getName(), map);
                } else {
                    out.add(attribute.getName(), String.valueOf(value));
                }
            }
            resp.getWriter().write(out.build().toString());
        } catch (JMException e) {
            resp.setStatus(404);
            resp.getWriter().write(Json.createObjectBuilder().add("error", String.valueOf(e)).build().toString());
        }
    }

}
