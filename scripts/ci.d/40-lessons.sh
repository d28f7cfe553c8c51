# Lessons, proven both ways and by mutants. For every task of every lesson the
# untouched starter must fail and the reference must pass (like rustlings'
# dev check), and every mutant of a task's reference (a real mistake, see
# lessons/manifest.json) and every bug-zoo entry must fail the check it
# names, for the reason it names. Graded headless by ffikit-learn, which
# also compares the graders with their release (the last commit of
# lessons/grader.lock) and refuses to grade if they no longer match the
# lock. JUnit files are left in the build directory for CI systems that
# collect them. docs/lessons.md must show what the manifest says.
source scripts/ci.d/lib.sh.inc
build=build/lessons-ci
step_start=$SECONDS
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=g++ \
  -DFFIKIT_BUILD_DOCS=OFF "-DFFIKIT_LESSON_VARIANTS=starter;reference" \
  -DFFIKIT_LESSON_MUTANTS=ON > /dev/null || exit 1

targets=(ffikit-learn lessons_mutants)
for id in $(sed -n 's/^ *"id": "\([0-9][0-9]*\)".*/\1/p' lessons/manifest.json | sort -u); do
  if [ -d "lessons/$id" ]; then
    targets+=("lesson${id}_starter_all" "lesson${id}_reference_all")
  fi
done
cmake --build "$build" -j2 --target "${targets[@]}" || exit 1
echo "lessons: built starters, references and mutants in $((SECONDS - step_start)) s"

learn=$build/src/tools/learn/ffikit-learn
status=0

# check_table NAME OUTPUT: the part of docs/lessons.md between
# <!-- NAME:begin --> and <!-- NAME:end --> must be OUTPUT.
check_table() {
  local name=$1 wanted=$2 shown
  shown=$(sed -n "/<!-- $name:begin -->/,/<!-- $name:end -->/p" docs/lessons.md | sed '1d;$d')
  if [ "$shown" != "$wanted" ]; then
    echo "docs/lessons.md: the $name table differs from ffikit-learn's; paste this:"
    echo "$wanted"
    echo "lessons-docs-$name|0|1|docs/lessons.md vs manifest" >> "${FFIKIT_SUMMARY:-/dev/null}"
    status=1
  fi
}
check_table lessons "$("$learn" list)"
check_table mutants "$("$learn" mutants --table)"
# Every bug-zoo entry is named by the review checklist item it illustrates.
for entry in lessons/bug-zoo/[0-9][0-9]-*/; do
  name=$(basename "$entry")
  if ! grep -qF "\`$name\`" docs/review-checklist.md; then
    echo "docs/review-checklist.md: no item names the bug-zoo entry $name"
    echo "lessons-checklist-$name|0|1|bug zoo entry not in the checklist" >> "${FFIKIT_SUMMARY:-/dev/null}"
    status=1
  fi
done

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

# Every mutant and bug-zoo entry: one line each, the score per lesson, and
# what survived (with its check's output) if anything did.
log=$(mktemp)
"$learn" --build-dir "$build" --variant reference mutants > "$log" 2>&1
result=$?
cat "$log"
line=$(sed -n 's/^all: \([0-9]*\) of \([0-9]*\) mutants killed.*/\1 \2/p' "$log" | tail -1)
read -r killed total <<< "${line:-0 0}"
bad=$((total - killed))
[ "$result" -eq 0 ] && [ "$total" -gt 0 ] || { status=1; [ "$bad" -gt 0 ] || bad=1; }
echo "lessons-mutants-killed|$killed|$bad|mutants and bug-zoo entries, ffikit-learn mutants" >> "${FFIKIT_SUMMARY:-/dev/null}"
rm -f "$log"

echo "lessons: step took $((SECONDS - step_start)) s"
exit "$status"
