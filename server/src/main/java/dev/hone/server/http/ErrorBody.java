package dev.hone.server.http;

/**
 * The OpenAI error envelope {@code {"error":{message,type,param,code}}} (reference §3.1). All four
 * keys are always written; {@code param} and {@code code} may be null.
 */
public record ErrorBody(Detail error) {
    /** The inner object. */
    public record Detail(String message, String type, String param, String code) {
    }

    public static ErrorBody of(String message, String type, String param, String code) {
        return new ErrorBody(new Detail(message, type, param, code));
    }
}
