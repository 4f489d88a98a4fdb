package dev.hone.server.completions;

import dev.hone.engine.generate.Choice;
import dev.hone.engine.generate.FinishReason;
import dev.hone.engine.generate.GenerationCancelledException;
import dev.hone.engine.generate.GenerationRequest;
import dev.hone.engine.generate.GenerationResult;
import dev.hone.engine.generate.InvalidGenerationRequestException;
import dev.hone.engine.generate.TokenListener;
import dev.hone.engine.generate.TokenLogprob;
import dev.hone.engine.generate.TopLogprob;
import dev.hone.server.chat.ChatWire.Usage;
import dev.hone.server.chat.InferenceService;
import dev.hone.server.chat.ServedModel;
import dev.hone.server.chat.SseStream;
import dev.hone.server.completions.CompletionRequest.Prompt;
import dev.hone.server.completions.CompletionWire.Completion;
import dev.hone.server.completions.CompletionWire.Logprobs;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Auth;
import dev.hone.server.http.Json;
import dev.hone.server.store.Ids;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/completions}, the legacy prompt API: each prompt is encoded as the trainer encodes a
 * prompt/completion example's prompt (the tokenizer's post-processor adds BOS where the model has one),
 * generated with {@code n} choices, and answered whole or streamed. {@code echo} puts the prompt before
 * the completion and, with {@code logprobs}, the prompt tokens' logprobs before the generated ones (the
 * first null), which is how people score text with {@code max_tokens: 0}.
 */
public final class CompletionsRoutes implements HttpService {
    private static final Logger LOG = System.getLogger("hone.completions");

    private final InferenceService inference;

    public CompletionsRoutes(InferenceService inference) {
        this.inference = inference;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);
    }

    /** One prompt ready to run. */
    private record Job(int[] ids, String text, GenerationRequest gen) {
    }

    private void create(ServerRequest httpReq, ServerResponse res) {
        CompletionRequest req = CompletionRequest.read(Json.readObject(httpReq));
        ServedModel model = inference.resolve(Auth.org(httpReq), req.model());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < req.prompts().size(); i++) {
            jobs.add(job(req, model, req.prompts().get(i), req.prompts().size() == 1 ? "prompt" : "prompt[" + i + "]"));
        }
        String id = "cmpl-" + Ids.random(24);
        long created = System.currentTimeMillis() / 1000;
        if (req.sampling().stream()) {
            stream(req, model, jobs, id, created, res);
            return;
        }
        List<CompletionWire.Choice> choices = new ArrayList<>();
        int prompt = 0;
        int completion = 0;
        for (int j = 0; j < jobs.size(); j++) {
            Job job = jobs.get(j);
            GenerationResult r = model.model().generate(job.gen(), model.tokenizer()::decode, counting(TokenListener.NONE),
                    () -> false);
            for (Choice c : r.choices()) {
                choices.add(choice(req, model, job, r, c, j * req.sampling().n() + c.index()));
            }
            prompt += r.promptTokens();
            completion += r.completionTokens();
        }
        Json.send(res, new Completion(id, "text_completion", created, req.model(), choices, Usage.of(prompt, completion),
                null));
    }

    private static Job job(CompletionRequest req, ServedModel model, Prompt p, String param) {
        int[] ids = p.ids();
        String text = p.text();
        if (ids == null) {
            ids = model.tokenizer().encodeWithSpecialTokens(text);
            int eos = model.tokenizer().eosId().orElse(-1);
            if (ids.length > 1 && ids[ids.length - 1] == eos) {     // as the trainer encodes a prompt
                ids = Arrays.copyOf(ids, ids.length - 1);
            }
        } else {
            text = model.tokenizer().decode(ids);
        }
        int V = model.model().config().V();
        for (int t : ids) {
            if (t >= V) {
                throw ApiException.badRequest(param, "invalid_value", "Invalid '" + param + "': token id " + t + " is"
                        + " outside this model's vocabulary [0, " + V + "); use ids from the model's own tokenizer.");
            }
        }
        int context = model.context();
        if (ids.length > context || (ids.length == context && req.maxTokens() > 0)) {
            throw ApiException.badRequest(param, "context_length_exceeded", "This model's maximum context length is "
                    + context + " tokens, however you requested " + ids.length + " tokens in the prompt, leaving no room"
                    + " for a completion. Please reduce the prompt.");
        }
        try {
            GenerationRequest.Builder b = req.sampling().builder(ids)
                    .maxTokens(Math.min(req.maxTokens(), context - ids.length)).stopTokens(model.eosTokens());
            if (req.logprobs() != null) {
                b.logprobs(req.logprobs()).promptLogprobs(req.echo());
            }
            return new Job(ids, text, b.build());
        } catch (InvalidGenerationRequestException e) {
            throw ApiException.badRequest("prompt".equals(e.param()) ? param : e.param(), "invalid_value", e.getMessage());
        }
    }

    private TokenListener counting(TokenListener inner) {
        return new TokenListener() {
            @Override
            public void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
                inference.countGenerated(1);
                inner.onToken(choice, token, textDelta, logprob);
            }

            @Override
            public void onFinish(int choice, String textDelta, FinishReason reason) {
                inner.onFinish(choice, textDelta, reason);
            }
        };
    }

    private static CompletionWire.Choice choice(CompletionRequest req, ServedModel model, Job job, GenerationResult r,
                                                Choice c, int index) {
        String text = req.echo() ? job.text() + c.text() : c.text();
        Logprobs lp = null;
        if (req.logprobs() != null) {
            LogprobList list = new LogprobList(model, req.echo() ? 0 : job.text().length());
            if (req.echo()) {
                for (int i = 0; i < job.ids().length; i++) {
                    list.add(job.ids()[i], r.promptLogprobs().get(i));
                }
            }
            for (int i = 0; i < c.tokens().length; i++) {
                list.add(c.tokens()[i], c.logprobs().get(i));
            }
            lp = list.wire();
        }
        return new CompletionWire.Choice(text, index, lp, c.finishReason().wireName());
    }

    /** The parallel lists of {@link Logprobs}, filled token by token. */
    private static final class LogprobList {
        private final ServedModel model;
        private final List<String> tokens = new ArrayList<>();
        private final List<Float> logprobs = new ArrayList<>();
        private final List<Map<String, Float>> top = new ArrayList<>();
        private final List<Integer> offsets = new ArrayList<>();
        private int offset;

        LogprobList(ServedModel model, int offset) {
            this.model = model;
            this.offset = offset;
        }

        void add(int token, TokenLogprob lp) {
            String text = model.tokenText(token);
            tokens.add(text);
            offsets.add(offset);
            offset += text.length();
            logprobs.add(lp == null ? null : lp.logprob());
            if (lp == null) {
                top.add(Map.of());      // OpenAI sends null here; the SDKs' strict validation refuses a null entry
                return;
            }
            Map<String, Float> alts = new LinkedHashMap<>();
            for (TopLogprob t : lp.top()) {
                alts.putIfAbsent(model.tokenText(t.token()), t.logprob());
            }
            top.add(alts);
        }

        Logprobs wire() {
            return new Logprobs(tokens, logprobs, top, offsets);
        }
    }

    private void stream(CompletionRequest req, ServedModel model, List<Job> jobs, String id, long created,
                        ServerResponse res) {
        int n = req.sampling().n();
        int prompt = 0;
        int completion = 0;
        try (SseStream sse = SseStream.open(res)) {
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                int base = j * n;
                int[] offsets = new int[n];
                if (req.echo()) {
                    for (int i = 0; i < n; i++) {
                        LogprobList list = req.logprobs() == null ? null : new LogprobList(model, 0);
                        offsets[i] = job.text().length();
                        sse.send(chunk(id, created, req, new CompletionWire.Choice(job.text(), base + i, null, null)));
                    }
                }
                TokenListener listener = new TokenListener() {
                    @Override
                    public void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
                        Logprobs lp = null;
                        if (logprob != null) {
                            LogprobList list = new LogprobList(model, offsets[choice]);
                            list.add(token, logprob);
                            lp = list.wire();
                        }
                        offsets[choice] += model.tokenText(token).length();
                        sse.send(chunk(id, created, req, new CompletionWire.Choice(textDelta, base + choice, lp, null)));
                    }

                    @Override
                    public void onFinish(int choice, String textDelta, FinishReason reason) {
                        sse.send(chunk(id, created, req, new CompletionWire.Choice(textDelta, base + choice, null,
                                reason.wireName())));
                    }
                };
                GenerationResult r;
                try {
                    r = model.model().generate(job.gen(), model.tokenizer()::decode, counting(listener), sse::closed);
                } catch (GenerationCancelledException e) {
                    LOG.log(Level.INFO, "completion {0} on {1}: client disconnected, {2}", id, req.model(), e.getMessage());
                    return;
                }
                prompt += r.promptTokens();
                completion += r.completionTokens();
            }
            if (req.sampling().includeUsage()) {
                sse.send(new Completion(id, "text_completion", created, req.model(), List.of(),
                        Usage.of(prompt, completion), null));
            }
            sse.done();
        }
    }

    private static Completion chunk(String id, long created, CompletionRequest req, CompletionWire.Choice c) {
        return new Completion(id, "text_completion", created, req.model(), List.of(c), null, null);
    }
}
