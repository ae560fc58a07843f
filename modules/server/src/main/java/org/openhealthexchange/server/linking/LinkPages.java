package org.openhealthexchange.server.linking;

/** The small pages an end user sees after the vendor sends the browser back. */
final class LinkPages {

    private LinkPages() {}

    static String success(String provider) {
        return page(
                "Account linked", "Your " + escape(provider) + " account is now linked. You can close this window.");
    }

    static String failure(String provider, String reason) {
        return page("Linking failed", "Your " + escape(provider) + " account was not linked: " + escape(reason));
    }

    private static String page(String title, String text) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body><h1>" + title + "</h1><p>" + text + "</p></body></html>";
    }

    private static String escape(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
