//! Parsers for the text of one CSV cell: ids and codes, lists, booleans, words from a fixed set, integers, money
//! and decimals. Each returns the value or a [`Problem`] that quotes the bad text; callers add the location.

use super::diagnostic::codes;
use crate::domain::{MAX_AMOUNT, MAX_QUANTITY};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::str::FromStr;

/// What is wrong with a value, without its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub code: &'static str,
    pub message: String,
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl Problem {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Problem { code, message: message.into(), expected: None, hint: None }
    }
    pub(crate) fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// What a money amount looks like.
pub(crate) const MONEY_EXPECTED: &str = "an amount in CAD with at most 2 decimals, e.g. 125000.00";
/// What an id looks like.
pub(crate) const ID_EXPECTED: &str = "letters, digits, `-`, `_` or `.` only, e.g. `N-0412`";

fn has_surrounding_space(s: &str) -> bool {
    s.trim() != s
}

fn surrounding_space(s: &str, expected: &str, code: &'static str) -> Problem {
    Problem::new(code, format!("`{s}` has spaces around it"))
        .expected(expected)
        .hint("remove the spaces around the value")
}

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// An id or a code (region, certification, unit): non-empty, letters, digits, `-`, `_`, `.` only.
pub(crate) fn check_id(s: &str) -> Result<(), Problem> {
    if has_surrounding_space(s) {
        return Err(surrounding_space(s, ID_EXPECTED, codes::MALFORMED_ID));
    }
    if s.is_empty() {
        return Err(Problem::new(codes::MALFORMED_ID, "the id is empty").expected(ID_EXPECTED));
    }
    if let Some(bad) = s.chars().find(|c| !is_id_char(*c)) {
        return Err(Problem::new(
            codes::MALFORMED_ID,
            format!("`{s}` contains `{bad}`, which is not allowed in an id"),
        )
        .expected(ID_EXPECTED));
    }
    Ok(())
}

/// A `;`-separated list of codes; an empty cell is an empty list.
pub(crate) fn parse_list(s: &str) -> Result<BTreeSet<String>, Problem> {
    let mut items = BTreeSet::new();
    if s.is_empty() {
        return Ok(items);
    }
    for item in s.split(';') {
        if item.is_empty() {
            return Err(Problem::new(codes::MALFORMED_ID, format!("`{s}` has an empty item"))
                .expected("codes separated by `;`, e.g. `qc;ca-on`, or an empty cell for none")
                .hint("remove the doubled, leading or trailing `;`"));
        }
        check_id(item).map_err(|p| Problem {
            message: format!("in list `{s}`: {}", p.message),
            hint: Some("separate items with `;` only, without spaces".into()),
            ..p
        })?;
        items.insert(item.to_string());
    }
    Ok(items)
}

/// `true` or `false`.
pub(crate) fn parse_bool(s: &str) -> Result<bool, Problem> {
    match s {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => {
            let hint = match s.trim().to_lowercase().as_str() {
                "true" | "yes" | "oui" | "y" | "1" => Some("write `true`"),
                "false" | "no" | "non" | "n" | "0" => Some("write `false`"),
                _ => None,
            };
            let p = Problem::new(codes::BAD_BOOLEAN, format!("`{s}` is not a boolean")).expected("`true` or `false`");
            Err(match hint {
                Some(h) => p.hint(h),
                None => p,
            })
        }
    }
}

/// One of a fixed set of words, exactly as written in `choices`.
pub(crate) fn parse_word<T: Copy>(s: &str, choices: &[(&str, T)], what: &str) -> Result<T, Problem> {
    if let Some((_, value)) = choices.iter().find(|(word, _)| *word == s) {
        return Ok(*value);
    }
    let list = choices.iter().map(|(w, _)| format!("`{w}`")).collect::<Vec<_>>().join(", ");
    let p = Problem::new(codes::BAD_ENUM, format!("`{s}` is not a known {what}")).expected(format!("one of {list}"));
    Err(match choices.iter().find(|(w, _)| w.eq_ignore_ascii_case(s.trim())) {
        Some((w, _)) => p.hint(format!("write `{w}` (values are case-sensitive)")),
        None => p,
    })
}

/// A whole number written with digits only.
pub(crate) fn parse_u32(s: &str) -> Result<u32, Problem> {
    const EXPECTED: &str = "a whole number of months, e.g. 36";
    if has_surrounding_space(s) {
        return Err(surrounding_space(s, EXPECTED, codes::BAD_INTEGER));
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::new(codes::BAD_INTEGER, format!("`{s}` is not a whole number")).expected(EXPECTED));
    }
    if s.starts_with('-') {
        return Err(Problem::new(codes::INTEGER_OUT_OF_RANGE, format!("`{s}` is negative")).expected(EXPECTED));
    }
    s.parse::<u32>()
        .map_err(|_| Problem::new(codes::INTEGER_OUT_OF_RANGE, format!("`{s}` is too large")).expected(EXPECTED))
}

fn is_plain_decimal(s: &str) -> bool {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

fn decimal_places(s: &str) -> usize {
    s.split_once('.').map_or(0, |(_, f)| f.len())
}

fn is_exponent_notation(s: &str) -> bool {
    match s.split_once(['e', 'E']) {
        Some((mantissa, exp)) => {
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            !mantissa.is_empty()
                && mantissa.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
                && !exp.is_empty()
                && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn has_group_separator(s: &str) -> bool {
    s.contains([',', ' ', '\u{a0}', '\u{202f}', '\'', '_'])
}

/// The checks shared by money and decimals: spaces, exponent notation, separators, plain format, then parsing.
fn parse_plain(s: &str, code: &'static str, expected: &str, example: &str) -> Result<Decimal, Problem> {
    let problem = |message: String| Problem::new(code, message).expected(expected);
    if has_surrounding_space(s) {
        return Err(surrounding_space(s, expected, code));
    }
    if is_exponent_notation(s) {
        return Err(problem(format!("`{s}` uses exponent notation")).hint(format!(
            "write the number in full, e.g. {example} (spreadsheets may need the cell formatted as a number)"
        )));
    }
    if has_group_separator(s) {
        return Err(problem(format!("`{s}` contains a thousands separator or a decimal comma"))
            .hint(format!("write digits only with a point before the decimals, e.g. {example}")));
    }
    if !is_plain_decimal(s) {
        return Err(problem(format!("`{s}` is not a number")));
    }
    Decimal::from_str(s).map_err(|_| problem(format!("`{s}` has too many digits")))
}

/// A price: a plain decimal with at most 2 decimals, no exponent, separator or currency sign. The sign is checked
/// by the caller (a price must be positive).
pub(crate) fn parse_money(s: &str) -> Result<Decimal, Problem> {
    if s.contains('$') {
        return Err(Problem::new(codes::BAD_AMOUNT, format!("`{s}` contains a currency sign"))
            .expected(MONEY_EXPECTED)
            .hint("write the number only; every amount is in CAD"));
    }
    let value = parse_plain(s, codes::BAD_AMOUNT, MONEY_EXPECTED, "1250000.50")?;
    if decimal_places(s) > 2 {
        return Err(Problem::new(codes::BAD_AMOUNT, format!("`{s}` has more than 2 decimal places"))
            .expected(MONEY_EXPECTED)
            .hint("round the amount to the cent"));
    }
    Ok(value)
}

/// A decimal number such as a score, a capacity limit or a consumption amount.
pub(crate) fn parse_decimal(s: &str) -> Result<Decimal, Problem> {
    parse_plain(s, codes::BAD_DECIMAL, "a decimal number such as 12 or 12.5", "1500.25")
}

/// A price, as `estimates.csv` and `[[whatif.add_needs]]` accept it: money, more than 0, at most [`MAX_AMOUNT`].
pub(crate) fn parse_price(s: &str) -> Result<Decimal, Problem> {
    let price = parse_money(s)?;
    if price <= Decimal::ZERO {
        return Err(Problem::new(codes::AMOUNT_NOT_POSITIVE, format!("`{s}` is not a positive price"))
            .expected(MONEY_EXPECTED)
            .hint("a price is what the whole term costs and must be more than 0"));
    }
    check_amount(price, s)
}

/// An amount of money at most [`MAX_AMOUNT`]; `written` is how it was written, for the message.
pub(crate) fn check_amount(amount: Decimal, written: &str) -> Result<Decimal, Problem> {
    if amount > MAX_AMOUNT {
        return Err(Problem::new(codes::AMOUNT_TOO_LARGE, format!("`{written}` is above the largest amount accepted"))
            .expected(format!("an amount of at most {MAX_AMOUNT} CAD"))
            .hint("check the number of digits; amounts are in dollars, not cents"));
    }
    Ok(amount)
}

/// A capacity limit or a consumption amount: a decimal from 0 to [`MAX_QUANTITY`].
pub(crate) fn parse_quantity(s: &str) -> Result<Decimal, Problem> {
    let value = parse_decimal(s)?;
    if value < Decimal::ZERO {
        return Err(Problem::new(codes::NEGATIVE_QUANTITY, format!("`{s}` is negative"))
            .expected("a number at least 0, e.g. 40 or 12.5"));
    }
    if value > MAX_QUANTITY {
        return Err(Problem::new(codes::AMOUNT_TOO_LARGE, format!("`{s}` is above the largest quantity accepted"))
            .expected(format!("a number from 0 to {MAX_QUANTITY}")));
    }
    Ok(value)
}

/// A score from 0 to 100.
pub(crate) fn parse_score(s: &str) -> Result<Decimal, Problem> {
    let value = parse_decimal(s)?;
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Err(Problem::new(codes::SCORE_OUT_OF_RANGE, format!("score `{s}` is outside 0..100"))
            .expected("a number from 0 to 100, e.g. 85 or 72.5"));
    }
    Ok(value)
}

/// A term in months, renewals included: a whole number, at least 1.
pub(crate) fn parse_months(s: &str) -> Result<u32, Problem> {
    let months = parse_u32(s)?;
    if months == 0 {
        return Err(Problem::new(codes::INTEGER_OUT_OF_RANGE, "`0` months is not a term")
            .expected("a whole number of months, at least 1"));
    }
    Ok(months)
}

/// A date written `YYYY-MM-DD` that exists.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, Problem> {
    const EXPECTED: &str = "a date YYYY-MM-DD, e.g. 2027-03-01";
    if has_surrounding_space(s) {
        return Err(surrounding_space(s, EXPECTED, codes::BAD_DATE));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == s)
        .ok_or_else(|| {
            Problem::new(codes::BAD_DATE, format!("`{s}` is not a date"))
                .expected(EXPECTED)
                .hint("write the year, month and day with digits and dashes; spreadsheets may need the column formatted as text")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_quantities_are_bounded() {
        assert_eq!(MAX_AMOUNT.to_string(), "1000000000000.00");
        assert_eq!(MAX_QUANTITY.to_string(), "1000000000000");
        assert_eq!(parse_price("1000000000000.00").unwrap(), MAX_AMOUNT);
        assert_eq!(code(parse_price("1000000000000.01")), codes::AMOUNT_TOO_LARGE);
        assert_eq!(code(parse_price("79228162514264337593543950335")), codes::AMOUNT_TOO_LARGE);
        assert_eq!(code(parse_price("0")), codes::AMOUNT_NOT_POSITIVE);
        assert_eq!(code(parse_quantity("1000000000000.5")), codes::AMOUNT_TOO_LARGE);
        assert_eq!(code(parse_quantity("-1")), codes::NEGATIVE_QUANTITY);
        assert_eq!(code(parse_score("100.1")), codes::SCORE_OUT_OF_RANGE);
        assert_eq!(code(parse_months("0")), codes::INTEGER_OUT_OF_RANGE);
    }

    fn code<T: std::fmt::Debug>(r: Result<T, Problem>) -> &'static str {
        r.expect_err("should fail").code
    }

    #[test]
    fn ids_allow_letters_digits_dash_underscore_dot() {
        assert!(check_id("N-0412").is_ok());
        assert!(check_id("a_b.c").is_ok());
        assert!(check_id("Montréal").is_ok());
        assert_eq!(code(check_id("N 0412")), codes::MALFORMED_ID);
        assert_eq!(code(check_id(" N1")), codes::MALFORMED_ID);
        assert_eq!(code(check_id("N/1")), codes::MALFORMED_ID);
    }

    #[test]
    fn lists_split_on_semicolons_and_refuse_empty_items() {
        assert_eq!(parse_list("").unwrap().len(), 0);
        let l = parse_list("qc;ca-on;qc").unwrap();
        assert_eq!(l.into_iter().collect::<Vec<_>>(), ["ca-on", "qc"]);
        assert_eq!(code(parse_list("qc;")), codes::MALFORMED_ID);
        assert_eq!(code(parse_list("qc;;ca-on")), codes::MALFORMED_ID);
        assert_eq!(code(parse_list("qc; ca-on")), codes::MALFORMED_ID);
        assert_eq!(code(parse_list("qc,ca-on")), codes::MALFORMED_ID);
    }

    #[test]
    fn booleans_are_true_or_false_only() {
        assert_eq!(parse_bool("true"), Ok(true));
        assert_eq!(parse_bool("false"), Ok(false));
        let p = parse_bool("TRUE").unwrap_err();
        assert_eq!(p.code, codes::BAD_BOOLEAN);
        assert_eq!(p.hint.as_deref(), Some("write `true`"));
        assert_eq!(code(parse_bool("oui")), codes::BAD_BOOLEAN);
        assert_eq!(code(parse_bool("")), codes::BAD_BOOLEAN);
    }

    #[test]
    fn words_are_case_sensitive_with_a_hint() {
        let choices = [("IaaS", 1), ("PaaS", 2)];
        assert_eq!(parse_word("PaaS", &choices, "category"), Ok(2));
        let p = parse_word("iaas", &choices, "category").unwrap_err();
        assert_eq!(p.code, codes::BAD_ENUM);
        assert!(p.hint.unwrap().contains("`IaaS`"));
        assert!(parse_word("XaaS", &choices, "category").unwrap_err().hint.is_none());
    }

    #[test]
    fn integers_are_digits_only() {
        assert_eq!(parse_u32("36"), Ok(36));
        assert_eq!(code(parse_u32("3.5")), codes::BAD_INTEGER);
        assert_eq!(code(parse_u32("")), codes::BAD_INTEGER);
        assert_eq!(code(parse_u32("-3")), codes::INTEGER_OUT_OF_RANGE);
        assert_eq!(code(parse_u32("99999999999")), codes::INTEGER_OUT_OF_RANGE);
    }

    #[test]
    fn money_accepts_plain_decimals_with_up_to_two_places() {
        assert_eq!(parse_money("125000.00"), Ok(Decimal::new(12500000, 2)));
        assert_eq!(parse_money("12.5"), Ok(Decimal::new(125, 1)));
        assert_eq!(parse_money("7"), Ok(Decimal::from(7)));
        assert_eq!(parse_money("-5.00"), Ok(Decimal::new(-500, 2)), "the sign is the caller's rule");
    }

    #[test]
    fn money_refuses_exponent_decimals_separators_and_currency() {
        let p = parse_money("1e3").unwrap_err();
        assert_eq!(p.code, codes::BAD_AMOUNT);
        assert!(p.message.contains("exponent"));
        assert!(parse_money("12.345").unwrap_err().message.contains("more than 2 decimal places"));
        assert!(parse_money("1,250.00").unwrap_err().message.contains("thousands separator"));
        assert!(parse_money("1 250.00").unwrap_err().message.contains("thousands separator"));
        assert!(parse_money("12,50").unwrap_err().message.contains("decimal comma"));
        assert!(parse_money("$12.00").unwrap_err().message.contains("currency"));
        assert!(parse_money("12.00$").unwrap_err().message.contains("currency"));
        assert!(parse_money(" 12.00").unwrap_err().message.contains("spaces"));
        assert!(parse_money("abc").unwrap_err().message.contains("not a number"));
        assert!(parse_money(".5").unwrap_err().message.contains("not a number"));
        assert!(parse_money("5.").unwrap_err().message.contains("not a number"));
        assert!(parse_money("99999999999999999999999999999999").unwrap_err().message.contains("too many digits"));
    }

    #[test]
    fn decimals_allow_any_places_but_not_exponents() {
        assert_eq!(parse_decimal("87.125"), Ok(Decimal::new(87125, 3)));
        assert_eq!(parse_decimal("-1"), Ok(Decimal::from(-1)));
        assert_eq!(code(parse_decimal("1E2")), codes::BAD_DECIMAL);
        assert_eq!(code(parse_decimal("n/a")), codes::BAD_DECIMAL);
    }
}
