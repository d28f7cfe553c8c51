// Planted defect for the clang-format gate: the code below breaks the kit's
// style (spacing, a long line, a whole function on one line). Never compiled into the kit.
int   planted_misformatted( int a,int b ){ if(a>b){return a;} else { return b; } }
