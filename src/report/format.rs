//! Numbers, money and percentages formatted for a language: fr-CA `1 234 567,89 $`, en-CA `$1,234,567.89`.

use num_format::{Locale, ToFormattedString};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French (Canada): the default for reports.
    #[default]
    Fr,
    /// English (Canada).
    En,
}

impl Lang {
    fn locale(self) -> Locale {
        match self {
            Lang::Fr => Locale::fr_CA,
            Lang::En => Locale::en,
        }
    }

    /// Pick the text for this language.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    fn group_separator(self) -> &'static str {
        match self {
            // CLDR's fr-CA group separator is a no-break space; a plain space reads the same everywhere we print.
            Lang::Fr => " ",
            Lang::En => self.locale().separator(),
        }
    }

    fn decimal_mark(self) -> &'static str {
        match self {
            Lang::Fr => ",",
            Lang::En => ".",
        }
    }
}

/// An integer part with the language's grouping.
fn grouped(int: u128, lang: Lang) -> String {
    // num-format groups by locale; we substitute the separator we print (see `group_separator`).
    let s = int.to_formatted_string(&Locale::en);
    s.replace(',', lang.group_separator())
}

/// A decimal number with `dp` decimals, grouped: `1 234,5` or `1,234.5`.
pub fn number(d: Decimal, dp: u32, lang: Lang) -> String {
    let r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let neg = r.is_sign_negative() && !r.is_zero();
    let abs = r.abs();
    let int = abs.trunc().to_u128().unwrap_or(0);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&grouped(int, lang));
    if dp > 0 {
        let frac = (abs.fract() * Decimal::from(10u64.pow(dp))).round().to_u64().unwrap_or(0);
        out.push_str(lang.decimal_mark());
        out.push_str(&format!("{frac:0width$}", width = dp as usize));
    }
    out
}

/// Money in CAD, to the cent.
pub fn money(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{} $", number(d, 2, lang)),
        Lang::En => {
            let n = number(d, 2, lang);
            match n.strip_prefix('-') {
                Some(abs) => format!("-${abs}"),
                None => format!("${n}"),
            }
        }
    }
}

/// A share in [0, 1] as a percentage with one decimal: `43,1 %` or `43.1%`.
pub fn percent(share: Decimal, lang: Lang) -> String {
    let n = number(share * Decimal::ONE_HUNDRED, 1, lang);
    match lang {
        Lang::Fr => format!("{n} %"),
        Lang::En => format!("{n}%"),
    }
}

/// A small share (a proven gap) with the precision it needs: enough decimals to show its first significant digit
/// (at most 6), e.g. `0.001 %` for 0.00001 rather than `0.0 %`, rounded **up** so that "proven within" never
/// claims less than was proven (0.007495 is `0.8 %`, not `0.7 %`).
pub fn small_percent(share: Decimal, lang: Lang) -> String {
    let pct = share * Decimal::ONE_HUNDRED;
    let mut dp = 1;
    while dp < 6 && !pct.is_zero() && pct.abs() < Decimal::new(1, dp) {
        dp += 1;
    }
    let n = number(pct.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::AwayFromZero), dp, lang);
    match lang {
        Lang::Fr => format!("{n} %"),
        Lang::En => format!("{n}%"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn small_percents_round_up() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(small_percent(d("0.00749520"), Lang::En), "0.8%");
        assert_eq!(small_percent(d("0.00088778"), Lang::Fr), "0,09 %");
        assert_eq!(small_percent(d("0.00001"), Lang::En), "0.001%");
        assert_eq!(small_percent(d("0.05"), Lang::En), "5.0%");
    }

    #[test]
    fn money_in_both_languages() {
        let d = Decimal::from_str("1234567.891").unwrap();
        assert_eq!(money(d, Lang::Fr), "1 234 567,89 $");
        assert_eq!(money(d, Lang::En), "$1,234,567.89");
        assert_eq!(money(Decimal::from_str("-5.5").unwrap(), Lang::En), "-$5.50");
        assert_eq!(money(Decimal::ZERO, Lang::Fr), "0,00 $");
    }

    #[test]
    fn percent_in_both_languages() {
        let d = Decimal::from_str("0.43125").unwrap();
        assert_eq!(percent(d, Lang::Fr), "43,1 %");
        assert_eq!(percent(d, Lang::En), "43.1%");
    }
}
