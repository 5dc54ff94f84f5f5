/*
 * Parser of the shadowtrace tracing language. See lang/README.md for the language.
 *
 * The grammar is kept LL(1)/LL(2) at every statement and expression boundary so that syntax
 * errors are detected at the offending token, where SyntaxErrorStrategy turns the expected
 * token set into a readable message.
 */
parser grammar ShadowParser;

options { tokenVocab = ShadowLexer; }

script      : clause* EOF ;

clause      : probeList predicate? block ;

probeList   : PROBE (COMMA PROBE)* ;

predicate   : PRED_START expr PRED_END ;

block       : LBRACE blockItem* RBRACE ;

/** A ';' may be left out before '}': the lexer inserts one there (see ShadowLexer). */
blockItem
    : ifStatement
    | simpleStatement SEMI
    | SEMI
    ;

ifStatement : IF LPAREN expr RPAREN block (ELSE (block | ifStatement))? ;

/** Assignments are parsed as 'expr op expr'; AstBuilder checks that the left side is assignable. */
simpleStatement : expr (assignOp expr | INC | DEC)? ;

assignOp
    : ASSIGN | ADD_ASSIGN | SUB_ASSIGN | MUL_ASSIGN | DIV_ASSIGN | MOD_ASSIGN
    | AND_ASSIGN | OR_ASSIGN | XOR_ASSIGN | SHL_ASSIGN | SHR_ASSIGN
    ;

/** C operators with C precedence, tightest first. */
expr
    : primary                                       # primaryExpr
    | expr op=(ARROW | DOT) IDENT                   # memberExpr
    | expr LBRACKET expr RBRACKET                   # indexExpr
    | LPAREN IDENT IDENT STAR RPAREN expr           # castExpr
    | op=(NOT | TILDE | MINUS) expr                 # unaryExpr
    | expr op=(STAR | DIV | MOD) expr               # binaryExpr
    | expr op=(PLUS | MINUS) expr                   # binaryExpr
    | expr op=(SHL | SHR) expr                      # binaryExpr
    | expr op=(LT | LE | GT | GE) expr              # binaryExpr
    | expr op=(EQ | NE) expr                        # binaryExpr
    | expr op=AMP expr                              # binaryExpr
    | expr op=CARET expr                            # binaryExpr
    | expr op=PIPE expr                             # binaryExpr
    | expr op=ANDAND expr                           # binaryExpr
    | expr op=OROR expr                             # binaryExpr
    | <assoc=right> expr QUESTION expr COLON expr   # conditionalExpr
    ;

primary
    : INT                                           # intLiteral
    | STRING                                        # stringLiteral
    | IDENT LPAREN IDENT IDENT STAR* (COMMA IDENT (DOT IDENT)*)? RPAREN  # typeCall
    | IDENT LPAREN (expr (COMMA expr)*)? RPAREN     # call
    | IDENT op=(ARROW | DOT) IDENT                   # probeArg
    | IDENT                                         # identifier
    | SELF ARROW IDENT                              # threadLocal
    | THIS ARROW IDENT                              # clauseLocal
    | SCRATCH                                       # scratchVariable
    | POSITIONAL                                    # positionalParameter
    | MAP (LBRACKET expr (COMMA expr)* RBRACKET)?   # mapAccess
    | LPAREN expr RPAREN                            # parenthesized
    ;
