package dev.ota.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The pages a person sees when a command line logs in with a device code (RFC 8628): {@code /activate}, where they
 * type the code the command line printed (after the form login), and {@code /activated}, shown once they consented.
 * The code goes to the server's verification endpoint, which asks for consent on its own page before it lets the
 * command line have a token: a link that carries a code never logs a device in by itself.
 */
@Controller
class DeviceActivationPages {

    static final String ACTIVATE = "/activate";
    static final String ACTIVATED = "/activated";

    @GetMapping(value = ACTIVATE, produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String activate(@RequestParam(name = "user_code", required = false) @Nullable String userCode) {
        String prefilled = userCode == null ? "" : userCode.replaceAll("[^A-Za-z0-9-]", "");
        return page("Log in a command line", """
                <p>Type the code that <code>ota login --device</code> printed in your terminal.</p>
                <form method="get" action="/oauth2/device_verification">
                  <label for="user_code">Code</label>
                  <input id="user_code" name="user_code" value="%s" autocomplete="off" autofocus required>
                  <button type="submit">Continue</button>
                </form>
                """.formatted(prefilled));
    }

    @GetMapping(value = ACTIVATED, produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String activated() {
        return page(
                "Command line logged in",
                "<p>The command line is logged in as you. You can close this page and go back to the terminal.</p>");
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
                <body><main><h1>%s</h1>%s</main></body></html>
                """.formatted(title, title, body);
    }
}
