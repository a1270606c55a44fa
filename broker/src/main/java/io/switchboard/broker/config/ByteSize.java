package io.switchboard.broker.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes written as a plain integer ({@code 1048576}) or with a unit ({@code 512MiB}, {@code 2GiB},
 * {@code 10MB}): B, KB/MB/GB/TB (powers of 1000) and KiB/MiB/GiB/TiB (powers of 1024), case-insensitive for
 * the prefix letter.
 *
 * @param bytes the size, never negative
 */
public record ByteSize(long bytes) {
    public static final ByteSize ZERO = new ByteSize(0);
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*([kmgt]i?b|b)?", Pattern.CASE_INSENSITIVE);

    public ByteSize {
        if (bytes < 0) {
            throw new InvalidValueException("", "must not be negative, got " + bytes);
        }
    }

    /** Reads an integer or a text with a unit; a bad value fails naming the key it is bound to. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ByteSize of(Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            return new ByteSize(((Number) raw).longValue());
        }
        if (raw instanceof String text) {
            return parse(text);
        }
        throw new InvalidValueException("", "expected a size in bytes such as 1048576 or 512MiB, got " + raw);
    }

    static ByteSize parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new InvalidValueException("", "expected a size in bytes such as 1048576 or 512MiB, got '"
                    + text + "'");
        }
        long multiplier = multiplier(matcher.group(2));
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidValueException("", "'" + text + "' is too large");
        }
    }

    private static long multiplier(String unit) {
        if (unit == null) {
            return 1;
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b")) {
            return 1;
        }
        int power = "kmgt".indexOf(u.charAt(0)) + 1;
        long base = u.contains("i") ? 1024 : 1000;
        long result = 1;
        for (int i = 0; i < power; i++) {
            result *= base;
        }
        return result;
    }

    /** Written back as the plain number of bytes. */
    @JsonValue
    @Override
    public long bytes() {
        return bytes;
    }

    /** True for 0, which means "no limit". */
    public boolean unlimited() {
        return bytes == 0;
    }
}
