package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** config.json of each supported architecture, and clear refusals of what is not supported. */
class ConfigReaderTest {
    private static ModelConfig parse(String json) throws Exception {
        return ConfigReader.parse(new ObjectMapper().readTree(json.replace('\'', '"')));
    }

    @Test
    void llama3WithGqaAndRopeScaling() throws Exception {
        ModelConfig c = parse("{'architectures':['LlamaForCausalLM'],'vocab_size':128256,'hidden_size':2048,"
                + "'num_hidden_layers':16,'num_attention_heads':32,'num_key_value_heads':8,'intermediate_size':8192,"
                + "'max_position_embeddings':131072,'rms_norm_eps':1e-05,'rope_theta':500000.0,"
                + "'tie_word_embeddings':true,'rope_scaling':{'factor':32.0,'high_freq_factor':4.0,"
                + "'low_freq_factor':1.0,'original_max_position_embeddings':8192,'rope_type':'llama3'}}");
        assertEquals(ModelConfig.Family.LLAMA, c.family());
        assertEquals(64, c.hs());
        assertEquals(8, c.KVH());
        assertEquals(32.0, c.ropeScaling().factor());
        assertEquals(8192, c.ropeScaling().originalMaxPositions());
        assertTrue(c.tieEmbeddings());
        assertFalse(c.qkvBias());
    }

    @Test
    void qwen2HasQkvBiasesQwen3HasQkNormAndHeadDim() throws Exception {
        String common = "'vocab_size':100,'hidden_size':64,'num_hidden_layers':2,'num_attention_heads':4,"
                + "'num_key_value_heads':2,'intermediate_size':128,'rope_theta':1000000.0,'tie_word_embeddings':true";
        ModelConfig q2 = parse("{'architectures':['Qwen2ForCausalLM']," + common + "}");
        assertTrue(q2.qkvBias());
        assertFalse(q2.outputBias());
        assertFalse(q2.qkNorm());
        ModelConfig q3 = parse("{'architectures':['Qwen3ForCausalLM'],'head_dim':32," + common + "}");
        assertTrue(q3.qkNorm());
        assertFalse(q3.qkvBias());
        assertEquals(32, q3.hs());
        assertNull(q3.ropeScaling());
        ModelConfig mistral = parse("{'architectures':['MistralForCausalLM'],'sliding_window':4096," + common + "}");
        assertEquals(16, mistral.hs());
        assertEquals(4096, mistral.slidingWindow());
        assertEquals(0, parse("{'architectures':['Qwen2ForCausalLM'],'sliding_window':4096,'use_sliding_window':false,"
                + common + "}").slidingWindow());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> parse("{'architectures':['MistralForCausalLM'],'sliding_window':4," + common + "}")
                        .checkPositions(new int[] {0, 1, 2, 3, 4}));
        assertTrue(tooLong.getMessage().contains("sliding_window 4"), tooLong.getMessage());
        ModelConfig biased = parse("{'architectures':['LlamaForCausalLM'],'attention_bias':true," + common + "}");
        assertTrue(biased.qkvBias());
        assertTrue(biased.outputBias());
    }

    @Test
    void gpt2() throws Exception {
        ModelConfig c = parse("{'architectures':['GPT2LMHeadModel'],'vocab_size':50257,'n_embd':768,'n_head':12,"
                + "'n_layer':12,'n_positions':1024,'layer_norm_epsilon':1e-05,'activation_function':'gelu_new'}");
        assertEquals(ModelConfig.Family.GPT2, c.family());
        assertEquals(3072, c.FF());
        assertEquals(64, c.hs());
        assertEquals(1024, c.maxT());
        assertTrue(c.tieEmbeddings());
        ModelConfig noArchitectures = parse("{'model_type':'gpt2','vocab_size':10,'n_embd':8,'n_head':2,"
                + "'n_layer':1,'n_positions':16}");
        assertEquals("GPT2LMHeadModel", noArchitectures.architecture());
    }

    @Test
    void unsupportedThingsAreRefusedByName() {
        UnableToLoadModelException arch = assertThrows(UnableToLoadModelException.class,
                () -> parse("{'architectures':['MambaForCausalLM'],'vocab_size':10}"));
        assertTrue(arch.getMessage().contains("MambaForCausalLM"));
        assertTrue(arch.getMessage().contains("LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM"));
        UnableToLoadModelException rope = assertThrows(UnableToLoadModelException.class,
                () -> parse("{'architectures':['LlamaForCausalLM'],'vocab_size':10,'hidden_size':8,"
                        + "'num_hidden_layers':1,'num_attention_heads':2,'intermediate_size':8,"
                        + "'rope_scaling':{'rope_type':'yarn','factor':4.0}}"));
        assertTrue(rope.getMessage().contains("yarn"));
        UnableToLoadModelException missing = assertThrows(UnableToLoadModelException.class,
                () -> parse("{'architectures':['LlamaForCausalLM'],'vocab_size':10,'num_hidden_layers':1}"));
        assertTrue(missing.getMessage().contains("hidden_size"));
        UnableToLoadModelException heads = assertThrows(UnableToLoadModelException.class,
                () -> parse("{'architectures':['LlamaForCausalLM'],'vocab_size':10,'hidden_size':12,"
                        + "'num_hidden_layers':1,'num_attention_heads':3,'num_key_value_heads':2,'intermediate_size':8}"));
        assertTrue(heads.getMessage().contains("multiple"));
    }
}
