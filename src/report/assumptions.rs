//! The words for the assumptions a scenario makes: each what-if (a supplier removed, prices scaled, a capacity
//! changed, needs dropped or added) as one line for a report or a message.

use super::Lang;
use crate::whatif::WhatIf;

/// A what-if in words, e.g. "Prices × 1.10 (provider=STRATOS)".
pub fn whatif(w: &WhatIf, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match w {
        WhatIf::RemoveSupplier { supplier } => {
            if fr {
                format!("Retrait du fournisseur {supplier}")
            } else {
                format!("Supplier {supplier} removed")
            }
        }
        WhatIf::ScalePrices { factor, filter } => {
            let mut scope = Vec::new();
            if let Some(p) = &filter.provider {
                scope.push(format!("provider={p}"));
            }
            if let Some(r) = &filter.reseller {
                scope.push(format!("reseller={r}"));
            }
            if let Some(c) = &filter.category {
                scope.push(format!("category={c}"));
            }
            let scope = if scope.is_empty() { String::new() } else { format!(" ({})", scope.join(", ")) };
            if fr {
                format!("Prix × {factor}{scope}")
            } else {
                format!("Prices × {factor}{scope}")
            }
        }
        WhatIf::SetCapacity { supplier, unit, limit: Some(l) } => {
            if fr {
                format!("Capacité de {supplier} : {l} {unit}")
            } else {
                format!("Capacity of {supplier}: {l} {unit}")
            }
        }
        WhatIf::SetCapacity { supplier, unit, limit: None } => {
            if fr {
                format!("Capacité de {supplier} en {unit} levée")
            } else {
                format!("Capacity of {supplier} in {unit} lifted")
            }
        }
        WhatIf::AddNeed { need, estimates } => {
            if fr {
                format!("Besoin ajouté : {} ({}), {} estimations", need.id, need.agency, estimates.len())
            } else {
                format!("Need added: {} ({}), {} estimates", need.id, need.agency, estimates.len())
            }
        }
        WhatIf::DropNeeds { filter } => {
            let mut parts: Vec<String> = filter.needs.clone();
            parts.extend(filter.agencies.iter().map(|a| format!("agency={a}")));
            parts.extend(filter.categories.iter().map(|c| format!("category={c}")));
            parts.extend(filter.networks.iter().map(|n| format!("network={n:?}").to_lowercase()));
            if fr {
                format!("Besoins retirés : {}", parts.join(", "))
            } else {
                format!("Needs dropped: {}", parts.join(", "))
            }
        }
    }
}
