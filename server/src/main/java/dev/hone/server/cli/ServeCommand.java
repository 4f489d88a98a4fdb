package dev.hone.server.cli;

import dev.hone.server.HoneConfig;
import dev.hone.server.HoneServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code hone serve}: starts the API server and runs until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Hone API server (OpenAI-compatible, under /v1).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to listen on (env HONE_PORT, default 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--host", description = "Address to listen on (env HONE_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--home", description = "Data directory (env HONE_HOME, default ./.hone).")
    Path home;

    /** Where {@code HONE_*} settings come from (the process environment; tests substitute their own). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        // One line per log record (DESIGN.md, Logs): time, level, logger, message, then any stack trace.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT%1$tz %4$s %3$s: %5$s%6$s%n");
        HoneConfig config;
        try {
            config = HoneConfig.resolve(host, port, home, env);
        } catch (IllegalArgumentException e) {
            System.err.println("hone serve: " + e.getMessage());
            return 2;
        }
        if (config.open() && !loopback(config.host())) {
            System.err.println("hone serve: refusing to listen on " + config.host() + " without API keys: anyone on"
                    + " the network could use the server. Set HONE_API_KEYS (e.g. sk-mykey:org-mine) or listen on"
                    + " 127.0.0.1.");
            return 2;
        }
        HoneServer server = HoneServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hone-shutdown"));
        System.out.println("Hone listening on " + server.url() + " (data in " + config.home().toAbsolutePath()
                .normalize() + ")");
        System.out.println(config.open()
                ? "Open mode: no API keys configured (HONE_API_KEYS), every request is accepted; loopback only."
                : "API keys: " + config.apiKeys().size() + " configured; requests need Authorization: Bearer KEY.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
