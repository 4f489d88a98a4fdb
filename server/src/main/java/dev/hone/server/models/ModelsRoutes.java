package dev.hone.server.models;

import dev.hone.server.http.Auth;
import dev.hone.server.http.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/** {@code /v1/models}: list (not paginated), retrieve, delete fine-tuned (reference §7). */
public final class ModelsRoutes implements HttpService {
    private final ModelRegistry models;

    public ModelsRoutes(ModelRegistry models) {
        this.models = models;
    }

    /** The OpenAI {@code model} object. */
    public record ModelObject(String id, String object, long created, String ownedBy) {
        static ModelObject of(ModelRegistry.Entry e) {
            return new ModelObject(e.id(), "model", e.created(), e.ownedBy());
        }
    }

    /** The list body: {@code {object:"list", data}}. */
    public record ModelList(String object, List<ModelObject> data) {
    }

    /** The body of a delete. */
    public record Deleted(String id, String object, boolean deleted) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{model}", this::retrieve)
                .delete("/{model}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, new ModelList("list", models.list(Auth.org(req)).stream().map(ModelObject::of).toList()));
    }

    private void retrieve(ServerRequest req, ServerResponse res) {
        Json.send(res, ModelObject.of(models.get(Auth.org(req), req.path().pathParameters().get("model"))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("model");
        models.delete(Auth.org(req), id);
        Json.send(res, new Deleted(id, "model", true));
    }
}
