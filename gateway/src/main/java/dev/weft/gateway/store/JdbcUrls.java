package dev.weft.gateway.store;

import java.util.regex.Pattern;

/** JDBC URLs as they may be logged: with any password masked. */
final class JdbcUrls {
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:ssl)?password|passwd|pwd)=[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?]+):[^/@?]*@");

    private JdbcUrls() {
    }

    static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }
}
