# Lessons, both directions (like rustlings' dev check): for every task of
# every lesson, the untouched starter must fail and the reference must pass.
# Graded headless by ffikit-learn, which also refuses to run if the graders'
# files no longer match lessons/grader.lock. JUnit files are left in the
# build directory for CI systems that collect them.
source scripts/ci.d/lib.sh.inc
build=build/lessons-ci
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=g++ \
  -DFFIKIT_BUILD_DOCS=OFF "-DFFIKIT_LESSON_VARIANTS=starter;reference" > /dev/null || exit 1

targets=(ffikit-learn)
for id in $(sed -n 's/^ *"id": "\([0-9][0-9]*\)".*/\1/p' lessons/manifest.json); do
  targets+=("lesson${id}_starter_all" "lesson${id}_reference_all")
done
cmake --build "$build" -j2 --target "${targets[@]}" || exit 1

learn=$build/src/tools/learn/ffikit-learn
status=0
# docs/lessons.md shows the manifest's lessons; it must say what the manifest says.
table=$(sed -n '/<!-- lessons:begin -->/,/<!-- lessons:end -->/p' docs/lessons.md | sed '1d;$d')
if [ "$table" != "$("$learn" list)" ]; then
  echo "docs/lessons.md: the lesson table differs from 'ffikit-learn list'; paste its output"
  echo "lessons-docs-table|0|1|docs/lessons.md vs manifest" >> "${FFIKIT_SUMMARY:-/dev/null}"
  status=1
fi
for direction in starter:fail reference:pass; do
  variant=${direction%%:*}
  expect=${direction##*:}
  log=$(mktemp)
  "$learn" --build-dir "$build" --variant "$variant" check-all --expect "$expect" \
    --junit "$build/lessons-$variant.xml" > "$log" 2>&1
  result=$?
  # The last lines say "VARIANT code: P of T tasks pass" and, on failure,
  # which tasks went the wrong way.
  tail -n 40 "$log" | sed -n '/code: [0-9]* of [0-9]* tasks pass/,$p'
  [ "$result" -eq 0 ] || { cat "$log"; status=1; }
  line=$(sed -n 's/.*code: \([0-9]*\) of \([0-9]*\) tasks pass.*/\1 \2/p' "$log" | tail -1)
  read -r pass total <<< "${line:-0 0}"
  if [ "$expect" = fail ]; then
    ok=$((total - pass)); bad=$pass
  else
    ok=$pass; bad=$((total - pass))
  fi
  [ "$total" -gt 0 ] || bad=1
  echo "lessons-$variant-must-$expect|$ok|$bad|tasks, ffikit-learn check-all" >> "${FFIKIT_SUMMARY:-/dev/null}"
  rm -f "$log"
done
exit "$status"
