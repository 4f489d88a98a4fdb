package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hone.server.cli.HoneCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client that disconnects from a streamed chat completion stops the generation: the server's count of
 * generated tokens grows by far less than the same request generates when read to the end.
 */
class InferenceDisconnectTest {
    @TempDir
    Path home;

    @Test
    void disconnectStopsGeneration() throws Exception {
        Path dir = home.resolve("models").resolve("tiny");
        assertEquals(0, new CommandLine(new HoneCommand()).execute("model", "init", "--arch", "llama", "--layers", "2",
                "--hidden", "64", "--vocab", "300", "--context", "256", "--out", dir.toString()));
        try (TestServer server = TestServer.start(home, "")) {
            ChatCompletion whole = server.client("unused").chat().completions().create(ChatCompletionCreateParams
                    .builder().model("tiny").addUserMessage("Hi").n(16).seed(1).maxCompletionTokens(230).build());
            long full = whole.usage().orElseThrow().completionTokens();
            assertTrue(full > 1000, "the request must be long enough to interrupt; it generated " + full);

            long before = server.server().inference().tokensGenerated();
            String body = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"n\":16,"
                    + "\"seed\":1,\"max_completion_tokens\":230,\"stream\":true}";
            URI url = URI.create(server.url());
            try (Socket s = new Socket(url.getHost(), url.getPort())) {
                OutputStream out = s.getOutputStream();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                int events = 0;
                while (events < 40 && (line = in.readLine()) != null) {
                    assertTrue(!line.contains("\"error\""), line);
                    events += line.startsWith("data: ") ? 1 : 0;
                }
                assertEquals(40, events, "the stream ended early");
            }   // the client goes away after the first event
            long generated = settled(server) - before;
            assertTrue(generated < full / 2, "after the disconnect the server generated " + generated + " of " + full
                    + " tokens");
        }
    }

    /** The generated-token count once it stopped changing. */
    private static long settled(TestServer server) throws InterruptedException {
        long last = -1;
        int stable = 0;
        for (int i = 0; i < 400 && stable < 10; i++) {
            long now = server.server().inference().tokensGenerated();
            stable = now == last ? stable + 1 : 0;
            last = now;
            Thread.sleep(50);
        }
        return last;
    }
}
