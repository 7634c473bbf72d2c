package dev.magicfs.plugins.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameTemplateTest {

    @Test
    void columnsAreReplacedAndMadeSafe() {
        NameTemplate template = new NameTemplate("{id}-{subject}.eml");
        assertEquals(List.of("id", "subject"), template.columns());
        assertEquals("7-a_b_.._c.eml", template.name(Map.<String, Object>of("id", 7, "subject", "a/b/../c")::get));
        assertEquals("7-x_y.eml", template.name(Map.<String, Object>of("id", 7, "subject", "x\0y")::get));
        assertEquals("7-.eml", template.name(c -> c.equals("id") ? 7 : null), "a null value is empty");
        assertEquals(".._", NameTemplate.safe(".."));
        assertEquals("._", NameTemplate.safe("."));
        assertEquals("_", NameTemplate.safe(""));
    }

    @Test
    void longNamesAreCutOnWholeCharactersKeepingTheExtension() {
        String name = NameTemplate.safe("你".repeat(100) + ".eml");
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= NameTemplate.MAX_BYTES);
        assertTrue(name.endsWith(".eml") && name.startsWith("你"), name);
        assertEquals(65, name.codePointCount(0, name.length()) - 4, "65 whole 3-byte characters and .eml fit 200 bytes");
    }

    @Test
    void duplicatesAreNumberedInOrder() {
        Set<String> taken = new HashSet<>();
        assertEquals("a.eml", NameTemplate.unique("a.eml", taken));
        assertEquals("a~2.eml", NameTemplate.unique("a.eml", taken));
        assertEquals("a~3.eml", NameTemplate.unique("a.eml", taken));
        assertEquals("b", NameTemplate.unique("b", taken));
        assertEquals("b~2", NameTemplate.unique("b", taken));
    }

    @Test
    void namedParametersBecomePositionalOutsideQuotes() {
        Update update = new Update("update t set body = :content, note = ':not' where id = :id and x = y::int");
        assertEquals("update t set body = ?, note = ':not' where id = ? and x = y::int", update.sql());
        assertEquals(List.of("content", "id"), update.parameters());
    }
}
