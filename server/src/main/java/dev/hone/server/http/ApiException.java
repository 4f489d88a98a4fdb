package dev.hone.server.http;

import dev.hone.engine.HoneException;

/**
 * The one failure a request handler throws: carries the HTTP status and the OpenAI error fields
 * ({@code type}, {@code code}, {@code param}) that {@link ErrorMapper} renders as
 * {@code {"error":{message,type,param,code}}}. Never used for 409: state conflicts are 400 because
 * every OpenAI SDK retries 409 (reference §3.2).
 */
public final class ApiException extends HoneException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;

    public ApiException(int status, String type, String code, String param, String message) {
        super(message);
        if (status == 409) {
            throw new IllegalArgumentException("409 is never used: SDKs retry it; use 400 for conflicts");
        }
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400 {@code invalid_request_error}. */
    public static ApiException badRequest(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", code, param, message);
    }

    /** 400 {@code invalid_request_error} without a code. */
    public static ApiException badRequest(String param, String message) {
        return badRequest(param, null, message);
    }

    /** 404 {@code invalid_request_error}. */
    public static ApiException notFound(String param, String code, String message) {
        return new ApiException(404, "invalid_request_error", code, param, message);
    }

    /** 401 {@code invalid_api_key}. */
    public static ApiException invalidApiKey(String message) {
        return new ApiException(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }
}
