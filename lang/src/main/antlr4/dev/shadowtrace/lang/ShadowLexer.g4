/*
 * Lexer of the shadowtrace tracing language (a D / bpftrace dialect).
 *
 * The lexer has two modes, like dtrace's:
 *  - the default mode reads probe descriptions (fbt::vfs_*:entry, kprobe:f+0x1c, tick-1s, ...)
 *    as single PROBE tokens, because they contain characters ('*', ':', '-', '.') that are
 *    operators inside code;
 *  - the CODE mode reads predicates and clause bodies.
 * '/' in the default mode opens a predicate; inside the predicate a '/' closes it when the next
 * non-blank character is '{', ';', '/' or the end of input, and divides otherwise.
 *
 * The ';' after the last statement of a block is optional: the lexer emits a virtual ';' before
 * every '}' of a block (an extra ';' is an empty statement), so the parser can simply require ';'.
 * The virtual ';' has the text and position of its '}', so error messages quote what was written.
 *
 * Malformed input is turned into tokens (STRAY, UNTERMINATED_STRING, UNTERMINATED_COMMENT) rather
 * than lexer errors, so that every error is reported by the parser's error strategy in words.
 */
lexer grammar ShadowLexer;

@members {
    /** The '}' to return after the virtual ';' that precedes it. */
    private Token pendingBrace;

    @Override
    public Token nextToken() {
        if (pendingBrace != null) {
            Token brace = pendingBrace;
            pendingBrace = null;
            return brace;
        }
        Token token = super.nextToken();
        if (token.getType() != RBRACE) {
            return token;
        }
        pendingBrace = token;
        CommonToken semicolon = new CommonToken(token);
        semicolon.setType(SEMI);
        return semicolon;
    }

    /** True between the '/' that opens a predicate and the '/' that closes it. */
    private boolean inPredicate;

    /** Whether the '/' just read closes the predicate: it does when followed by '{', ';', '/' or EOF. */
    private boolean closesPredicate() {
        if (!inPredicate) {
            return false;
        }
        int i = 1;
        while (Character.isWhitespace(_input.LA(i))) {
            i++;
        }
        int next = _input.LA(i);
        return next == '{' || next == ';' || next == '/' || next == IntStream.EOF;
    }
}

// ---------------------------------------------------------------- default mode: probe descriptions

SHEBANG                     : {_tokenStartCharIndex == 0}? '#!' ~[\r\n]* -> skip ;
PROBE_WS                    : [ \t\r\n\f]+ -> skip ;
PROBE_BLOCK_COMMENT         : '/*' .*? '*/' -> skip ;
PROBE_LINE_COMMENT          : '//' ~[\r\n]* -> skip ;
PROBE_UNTERMINATED_COMMENT  : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> type(UNTERMINATED_COMMENT) ;
// A ':' directly followed by '/' starts a file path (uprobe:/bin/ls:main): '/' is part of the
// description there, and a predicate after it needs a blank before its '/'.
PROBE                       : PROBE_CHAR+ ( ':/' ( PROBE_CHAR | '/' )* )? ;
fragment PROBE_CHAR         : [a-zA-Z0-9_.*?:+\-[\]!^$] ;
PROBE_COMMA                 : ',' -> type(COMMA) ;
PRED_START                  : '/' { inPredicate = true; } -> pushMode(CODE) ;
BODY_START                  : '{' -> type(LBRACE), pushMode(CODE) ;
PROBE_STRAY                 : . -> type(STRAY) ;

// ---------------------------------------------------------------- CODE mode: predicates and bodies

mode CODE;

WS                      : [ \t\r\n\f]+ -> skip ;
BLOCK_COMMENT           : '/*' .*? '*/' -> skip ;
LINE_COMMENT            : '//' ~[\r\n]* -> skip ;
UNTERMINATED_COMMENT    : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;

PRED_END    : '/' { closesPredicate() }? { inPredicate = false; } -> popMode ;

IF          : 'if' ;
ELSE        : 'else' ;
SELF        : 'self' ;
THIS        : 'this' ;

ARROW       : '->' ;
INC         : '++' ;
DEC         : '--' ;

ASSIGN      : '=' ;
ADD_ASSIGN  : '+=' ;
SUB_ASSIGN  : '-=' ;
MUL_ASSIGN  : '*=' ;
DIV_ASSIGN  : '/=' ;
MOD_ASSIGN  : '%=' ;
AND_ASSIGN  : '&=' ;
OR_ASSIGN   : '|=' ;
XOR_ASSIGN  : '^=' ;
SHL_ASSIGN  : '<<=' ;
SHR_ASSIGN  : '>>=' ;

OROR        : '||' ;
ANDAND      : '&&' ;
EQ          : '==' ;
NE          : '!=' ;
LE          : '<=' ;
GE          : '>=' ;
SHL         : '<<' ;
SHR         : '>>' ;
LT          : '<' ;
GT          : '>' ;
PIPE        : '|' ;
CARET       : '^' ;
AMP         : '&' ;
PLUS        : '+' ;
MINUS       : '-' ;
STAR        : '*' ;
DIV         : '/' ;
MOD         : '%' ;
NOT         : '!' ;
TILDE       : '~' ;
QUESTION    : '?' ;
DOT         : '.' ;
COLON       : ':' ;
SEMI        : ';' ;
COMMA       : ',' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
LBRACKET    : '[' ;
RBRACKET    : ']' ;
LBRACE      : '{' -> pushMode(CODE) ;
RBRACE      : '}' -> popMode ;

INT                 : '0' [xX] [0-9a-fA-F]+ | [0-9]+ ;
STRING              : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;
UNTERMINATED_STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* ;
MAP                 : '@' ( [a-zA-Z_] [a-zA-Z_0-9]* )? ;
SCRATCH             : '$' [a-zA-Z_] [a-zA-Z_0-9]* ;
POSITIONAL          : '$' ( [0-9]+ | '#' ) ;
IDENT               : [a-zA-Z_] [a-zA-Z_0-9]* ;

STRAY       : . ;
