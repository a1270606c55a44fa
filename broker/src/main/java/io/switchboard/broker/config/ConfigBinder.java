package io.switchboard.broker.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds a merged config tree to {@link BrokerConfig} strictly (unknown keys, wrong types, bad enum values and
 * out-of-range values are errors) and turns every failure into a one-line {@link ConfigException} naming the
 * origin of the offending key.
 */
final class ConfigBinder {
    private static final JsonMapper MAPPER = createMapper();

    private ConfigBinder() {
    }

    /** The defaults as a tree, the base every file and override is merged into. */
    static ObjectNode defaultsTree() {
        return MAPPER.valueToTree(BrokerConfig.DEFAULTS);
    }

    static BrokerConfig bind(ObjectNode tree, Function<String, Origin> originOf) throws ConfigException {
        try (JsonParser parser = MAPPER.treeAsTokens(tree)) {
            return MAPPER.readValue(parser, BrokerConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String path = KeyPaths.of(e.getPath());
            String hint = Suggestions.closest(e.getPropertyName(), e.getKnownPropertyIds())
                    .map(name -> " (did you mean '" + name + "'?)").orElse("");
            throw new ConfigException(originOf.apply(path).key() + ": unknown key '" + path + "'" + hint, e);
        } catch (ValueInstantiationException e) {
            InvalidValueException invalid = findInvalidValue(e);
            if (invalid == null) {
                throw failure(KeyPaths.of(e.getPath()), e.getOriginalMessage(), originOf, e);
            }
            String path = invalid.key().isEmpty() ? KeyPaths.of(e.getPath())
                    : KeyPaths.child(KeyPaths.of(e.getPath()), invalid.key());
            throw failure(path, invalid.problem(), originOf, e);
        } catch (MismatchedInputException e) {
            String path = KeyPaths.of(e.getPath());
            String problem = "expected " + expected(e.getTargetType()) + ", got " + got(KeyPaths.find(tree, path));
            throw failure(path, problem, originOf, e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException) {
                String path = KeyPaths.of(e.getPath());
                throw failure(path, got(KeyPaths.find(tree, path)) + " is out of range", originOf, e);
            }
            throw failure(KeyPaths.of(e.getPath()), e.getOriginalMessage(), originOf, e);
        } catch (IOException e) {
            throw new ConfigException("cannot bind config: " + e.getMessage(), e);
        }
    }

    private static ConfigException failure(String path, String problem, Function<String, Origin> originOf,
                                           Exception cause) {
        return new ConfigException(originOf.apply(path).value() + ": invalid value for '" + path + "': " + problem,
                cause);
    }

    private static InvalidValueException findInvalidValue(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidValueException invalid) {
                return invalid;
            }
        }
        return null;
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> lowerName((Enum<?>) constant)).collect(Collectors.joining(", "));
        }
        return "a mapping";
    }

    static String got(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "an empty value";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        return node.toString();
    }

    private static String lowerName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static JsonMapper createMapper() {
        SimpleModule strictEnums = new SimpleModule("strict-lower-case-enums");
        strictEnums.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description,
                                                              JsonDeserializer<?> deserializer) {
                return new LowerCaseEnumDeserializer(type.getRawClass());
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .addModule(strictEnums)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** Accepts exactly the lower-case constant names ({@code drop_oldest}), nothing else. */
    private static final class LowerCaseEnumDeserializer extends StdScalarDeserializer<Object> {
        private static final long serialVersionUID = 1L;

        LowerCaseEnumDeserializer(Class<?> type) {
            super(type);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getText();
            for (Object constant : handledType().getEnumConstants()) {
                if (lowerName((Enum<?>) constant).equals(text)) {
                    return constant;
                }
            }
            throw context.weirdStringException(text, handledType(), "not one of the allowed values");
        }
    }
}
