package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code kill -9} during an upload: the server runs as a child JVM ({@code hone serve} from the test class
 * path), is killed while a multipart upload is half sent, and restarted on the same home. The half upload
 * must never appear, and every completed file and job must read back byte for byte as before.
 */
class CrashRecoveryTest {
    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A child {@code hone serve} and its base URL. */
    ChildServer startChild() throws IOException {
        ChildServer child = ChildServer.start(home, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                Map.of("HONE_TRAINING_WORKERS", "0"));
        String mode = child.modeLine();
        assertTrue(mode != null && mode.startsWith("Open mode"), "startup says it runs open: " + mode);
        return child;
    }

    String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    String post(String url, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void killDuringUploadLeavesNoVisibleFileAndKeepsEverythingElse() throws Exception {
        ChildServer first = startChild();
        String fileId;
        String jobId;
        String fileBefore;
        String jobBefore;
        try {
            fileId = Datasets.MAPPER.readTree(post(first.url() + "/files", Multipart.CONTENT_TYPE, new Multipart()
                    .field("purpose", "fine-tune").file("file", "t.jsonl", Datasets.chat(10)
                            .getBytes(StandardCharsets.UTF_8)).build())).get("id").asText();
            jobId = Datasets.MAPPER.readTree(post(first.url() + "/fine_tuning/jobs", "application/json",
                    ("{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + fileId + "\"}")
                            .getBytes(StandardCharsets.UTF_8))).get("id").asText();
            jobBefore = awaitQueued(first.url() + "/fine_tuning/jobs/" + jobId);
            fileBefore = get(first.url() + "/files/" + fileId);
            try (Socket s = halfUpload(first.url())) {
                awaitTempBlob();
                first.process().destroyForcibly();
                first.process().waitFor();
                assertTrue(s.isConnected());
            }
        } finally {
            first.process().destroyForcibly();
        }

        ChildServer second = startChild();
        try {
            JsonNode files = Datasets.MAPPER.readTree(get(second.url() + "/files")).get("data");
            assertEquals(1, files.size(), files.toString());
            assertEquals(fileBefore, get(second.url() + "/files/" + fileId));
            assertEquals(jobBefore, get(second.url() + "/fine_tuning/jobs/" + jobId));
            assertEquals(Datasets.chat(10), get(second.url() + "/files/" + fileId + "/content"));
            assertEquals(0, count(home.resolve("tmp")));
        } finally {
            second.process().destroyForcibly();
            second.process().waitFor();
        }
    }

    private String awaitQueued(String url) throws Exception {
        for (int i = 0; i < 600; i++) {
            String body = get(url);
            if (Datasets.MAPPER.readTree(body).get("status").asText().equals("queued")) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job did not reach queued: " + get(url));
    }

    /** Sends the headers and first 1 MB of a 4 MB multipart upload, then stops sending. */
    private static Socket halfUpload(String url) throws IOException {
        URI u = URI.create(url);
        Socket s = new Socket(u.getHost(), u.getPort());
        byte[] head = ("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                + "fine-tune\r\n--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"half.jsonl\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] line = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}\n".getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + u.getPath() + "/files HTTP/1.1\r\nHost: " + u.getHost() + "\r\nContent-Type: "
                + Multipart.CONTENT_TYPE + "\r\nContent-Length: " + (4 << 20) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(head);
        for (int sent = head.length; sent < (1 << 20); sent += line.length) {
            out.write(line);
        }
        out.flush();
        return s;
    }

    private void awaitTempBlob() throws Exception {
        for (int i = 0; i < 600; i++) {
            if (count(home.resolve("tmp")) > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the half upload never reached a temporary blob");
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
