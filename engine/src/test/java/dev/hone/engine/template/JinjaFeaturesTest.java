package dev.hone.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Jinja features that chat templates use beyond the packaged ones (macros, slices, loop
 * attributes, namespaces, tojson options, string methods, tests, list filters, whitespace control,
 * block set, filter blocks, generation tags), each template in {@code features.txt} rendered here
 * and by the oracle with the same variables: the text must be identical.
 */
class JinjaFeaturesTest {

    record Feature(String name, String template) {
    }

    static List<Feature> features() {
        try (InputStream in = JinjaFeaturesTest.class.getResourceAsStream("features.txt")) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Feature> out = new ArrayList<>();
            for (String section : all.split("(?m)^### ")) {
                if (!section.isBlank()) {
                    int nl = section.indexOf('\n');
                    out.add(new Feature(section.substring(0, nl).trim(), section.substring(nl + 1)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read features.txt", e);
        }
    }

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> featuresRenderLikeTheOracle() {
        Map<String, Object> fixtures = ChatTemplateOracleTest.fixtures();
        List<Map<String, Object>> tools = (List<Map<String, Object>>) fixtures.get("tools");
        List<Map<String, Object>> messages = ((Map<String, List<Map<String, Object>>>) fixtures.get("conversations"))
                .get("thinking");
        List<Feature> features = features();
        List<ChatTemplate> templates = features.stream()
                .map(f -> ChatTemplate.of(f.template(), Map.of("bos_token", "<s>"))).toList();
        List<JinjaOracle.Request> requests = new ArrayList<>();
        for (ChatTemplate t : templates) {
            requests.add(new JinjaOracle.Request(t.source(), t.variables(messages, tools, true, Map.of())));
        }
        List<JinjaOracle.Result> expected = JinjaOracle.renderAll(requests);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            ChatTemplate t = templates.get(i);
            JinjaOracle.Result oracle = expected.get(i);
            tests.add(DynamicTest.dynamicTest(features.get(i).name(), () -> {
                assertFalse(oracle.failed(), () -> "the feature template itself is broken: " + oracle.error());
                assertEquals(oracle.text(), t.render(messages, tools, true, Map.of()));
            }));
        }
        return tests.stream();
    }
}
