package org.llmrerank.elasticsearch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.XContentType;

public class DetailsHeaderTests extends ESTestCase {

    public void testValueIsOneLineOfAsciiJsonThatReadsBackTheSame() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", "fallback");
        details.put("fallback_reason", "modèle a échoué:\nligne deux 😀");
        details.put("field", "téxte");
        details.put("window_size", 5);
        details.put("flops_budget", null);
        details.put("layers", Map.of("executed", 12));
        details.put("scores", List.of(1.5, 2.5));

        String value = DetailsHeader.value(details);

        assertTrue(value, value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e));
        assertTrue(value, value.contains("\\u00e8") && value.contains("\\n"));
        assertEquals(details, XContentHelper.convertToMap(XContentType.JSON.xContent(), value, true));
    }
}
