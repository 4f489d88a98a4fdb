package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Str;

import java.util.ArrayList;
import java.util.List;

/** Python indexing and slicing ({@code xs[-1]}, {@code xs[1:]}, {@code messages[::-1]}) for lists and strings. */
final class Slices {
    private Slices() {
    }

    /** {@code items[i]} with negative indices from the end; undefined when out of range. */
    static Value at(List<Value> items, double index) {
        int i = (int) (index < 0 ? items.size() + index : index);
        return i >= 0 && i < items.size() ? items.get(i) : Value.UNDEFINED;
    }

    static Value slice(Value object, Value start, Value stop, Value step) {
        Integer a = bound(start, "start");
        Integer b = bound(stop, "stop");
        Integer c = bound(step, "step");
        return switch (object) {
            case Arr arr -> new Arr(range(arr.items(), a, b, c));
            case Str s -> {
                List<Value> cps = new ArrayList<>();
                JsText.codePoints(s.s()).forEach(cp -> cps.add(Value.str(cp)));
                StringBuilder out = new StringBuilder();
                range(cps, a, b, c).forEach(v -> out.append(((Str) v).s()));
                yield Value.str(out.toString());
            }
            default -> throw JinjaException.of("cannot slice a " + Operators.typeName(object));
        };
    }

    private static Integer bound(Value v, String what) {
        if (v instanceof Value.Undefined) {
            return null;
        }
        if (v instanceof Num n && !n.isFloat()) {
            return (int) n.v();
        }
        throw JinjaException.of("slice " + what + " must be an integer");
    }

    private static List<Value> range(List<Value> items, Integer startArg, Integer stopArg, Integer stepArg) {
        int n = items.size();
        int step = stepArg == null ? 1 : stepArg;
        int start;
        int stop;
        if (step >= 0) {
            start = startArg == null ? 0 : startArg < 0 ? Math.max(n + startArg, 0) : Math.min(startArg, n);
            stop = stopArg == null ? n : stopArg < 0 ? Math.max(n + stopArg, 0) : Math.min(stopArg, n);
        } else {
            start = startArg == null ? n - 1 : startArg < 0 ? Math.max(n + startArg, -1) : Math.min(startArg, n - 1);
            stop = stopArg == null ? -1 : stopArg < -1 ? Math.max(n + stopArg, -1) : Math.min(stopArg, n - 1);
        }
        if (step == 0) {
            throw JinjaException.of("slice step cannot be zero");
        }
        List<Value> out = new ArrayList<>();
        for (int i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(items.get(i));
        }
        return out;
    }
}
