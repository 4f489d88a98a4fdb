package dev.hone.engine.template.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/** {@code strftime_now} with a fixed clock (the oracle cannot be asked: its clock moves). */
class StrftimeTest {
    @Test
    void formatsTheDirectivesTemplatesUse() {
        ZonedDateTime t = ZonedDateTime.of(2024, 7, 6, 9, 5, 0, 0, ZoneOffset.UTC);
        String out = JinjaTemplate.parse("{{ strftime_now('%d %b %Y|%B %m %H:%M %% %Q') }}", () -> t).render(Map.of());
        assertEquals("06 Jul 2024|July 07 09:05 % %Q", out);
    }
}
