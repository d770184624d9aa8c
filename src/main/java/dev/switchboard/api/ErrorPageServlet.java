package dev.switchboard.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error pages (web.xml) as problem bodies instead of the server's HTML report: what a client
 * gets when the container answers before our code runs, e.g. 401 from MicroProfile JWT for an invalid
 * {@code Authorization: Bearer} header on any path, or an uncaught failure (never a stack trace).
 */
@WebServlet(ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/_error";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        if (req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null || status < 400) {
            status = 500;
        }
        String detail = switch (status) {
            case 401 -> "a valid bearer token is required; the one sent was refused";
            case 403 -> "forbidden";
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            default -> status < 500 ? "the request is not valid" : "the server could not answer";
        };
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        resp.setContentType(Problem.MEDIA_TYPE);
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(Problem.json(status, detail));
    }
}
