#!/usr/bin/env python3
"""Generate the SYNTHETIC cti-2025 example model for courtier.

Writes agencies.csv, suppliers.csv, offers.csv, needs.csv, estimates.csv,
capacities.csv and consumption.csv beside this script, then prints a summary
and the price-only baseline (cheapest eligible estimate per need, capacities
ignored). Python 3.11 standard library only; deterministic: every run writes
byte-identical files.

All companies and prices are invented. Public organisation names are real and
used only for realism: nothing here describes their actual needs or contracts.

Usage: python3 generate.py
"""

import csv
import math
import os
import random

SEED = 5962020  # Décret 596-2020
HERE = os.path.dirname(os.path.abspath(__file__))
MAX_TERM = 36  # art. 48 RCTI

rng = random.Random(SEED)

# --------------------------------------------------------------------------------------------
# Public organisations: (id, name, network, weight in the portfolio, size factor)
# --------------------------------------------------------------------------------------------
AGENCIES = [
    # ministries
    ("MTMD", "Ministère des Transports et de la Mobilité durable", "ministry", 10, 1.3),
    ("MSSS", "Ministère de la Santé et des Services sociaux", "ministry", 10, 1.3),
    ("MEQ", "Ministère de l'Éducation", "ministry", 7, 1.1),
    ("MES", "Ministère de l'Enseignement supérieur", "ministry", 5, 0.9),
    ("MFQ", "Ministère des Finances", "ministry", 6, 1.0),
    ("MCN", "Ministère de la Cybersécurité et du Numérique", "ministry", 8, 1.2),
    ("MJQ", "Ministère de la Justice", "ministry", 7, 1.0),
    ("MSP", "Ministère de la Sécurité publique", "ministry", 7, 1.1),
    ("MEIE", "Ministère de l'Économie, de l'Innovation et de l'Énergie", "ministry", 5, 0.9),
    ("MELCCFP", "Ministère de l'Environnement, de la Lutte contre les changements climatiques, "
     "de la Faune et des Parcs", "ministry", 6, 0.9),
    ("MAPAQ", "Ministère de l'Agriculture, des Pêcheries et de l'Alimentation", "ministry", 4, 0.8),
    ("MESS", "Ministère de l'Emploi et de la Solidarité sociale", "ministry", 8, 1.2),
    ("MCC", "Ministère de la Culture et des Communications", "ministry", 3, 0.7),
    ("MAMH", "Ministère des Affaires municipales et de l'Habitation", "ministry", 4, 0.8),
    ("MRNF", "Ministère des Ressources naturelles et des Forêts", "ministry", 5, 0.9),
    # agencies and bodies
    ("RQ", "Revenu Québec", "agency", 14, 1.6),
    ("SAAQ", "Société de l'assurance automobile du Québec", "agency", 12, 1.5),
    ("RAMQ", "Régie de l'assurance maladie du Québec", "agency", 12, 1.5),
    ("RETRAITEQC", "Retraite Québec", "agency", 8, 1.2),
    ("CNESST", "Commission des normes, de l'équité, de la santé et de la sécurité du travail",
     "agency", 8, 1.2),
    ("SQ", "Sûreté du Québec", "agency", 7, 1.1),
    ("ISQ", "Institut de la statistique du Québec", "agency", 4, 0.8),
    ("BANQ", "Bibliothèque et Archives nationales du Québec", "agency", 4, 0.8),
    ("INSPQ", "Institut national de santé publique du Québec", "agency", 5, 0.9),
    ("SHQ", "Société d'habitation du Québec", "agency", 3, 0.7),
    # health and social services network (RSSS)
    ("CIUSSS-CN", "CIUSSS de la Capitale-Nationale", "rsss", 9, 1.1),
    ("CIUSSS-CSMTL", "CIUSSS du Centre-Sud-de-l'Île-de-Montréal", "rsss", 9, 1.1),
    ("CIUSSS-EMTL", "CIUSSS de l'Est-de-l'Île-de-Montréal", "rsss", 7, 1.0),
    ("CIUSSS-ESTRIE", "CIUSSS de l'Estrie - CHUS", "rsss", 7, 1.0),
    ("CIUSSS-MCQ", "CIUSSS de la Mauricie-et-du-Centre-du-Québec", "rsss", 6, 0.9),
    ("CISSS-MC", "CISSS de la Montérégie-Centre", "rsss", 6, 0.9),
    ("CISSS-LAV", "CISSS de Laval", "rsss", 5, 0.9),
    ("CISSS-BSL", "CISSS du Bas-Saint-Laurent", "rsss", 4, 0.8),
    ("CHUM", "Centre hospitalier de l'Université de Montréal", "rsss", 8, 1.3),
    ("CUSM", "Centre universitaire de santé McGill", "rsss", 7, 1.2),
    # education and higher education network (REES)
    ("CSSDM", "Centre de services scolaire de Montréal", "rees", 6, 1.0),
    ("CSSC", "Centre de services scolaire de la Capitale", "rees", 4, 0.8),
    ("CSSMI", "Centre de services scolaire des Mille-Îles", "rees", 4, 0.8),
    ("CEGEP-GARNEAU", "Cégep Garneau", "rees", 3, 0.6),
    ("CEGEP-MAISONNEUVE", "Collège de Maisonneuve", "rees", 3, 0.6),
    ("ULAVAL", "Université Laval", "rees", 6, 1.1),
    ("UQAM", "Université du Québec à Montréal", "rees", 5, 1.0),
    ("USHERBROOKE", "Université de Sherbrooke", "rees", 4, 0.9),
]

# --------------------------------------------------------------------------------------------
# Suppliers (all INVENTED): id -> (name, role, quebec_firm, price multiplier, score bias)
# --------------------------------------------------------------------------------------------
PROVIDERS = {
    "NIMBUS": ("Nimbus Cloud Services", "provider", False, 0.87, 4),
    "STRATOS": ("Stratos Compute", "provider", False, 1.02, 2),
    "AZURITE": ("Azurite Platforms", "provider", False, 1.00, 5),
    "MAPLEGRID": ("Maplegrid Cloud", "provider", False, 1.06, -2),
    "NORDET": ("Nordet Infonuagique", "both", True, 1.19, 0),
    "BOREAL": ("Boréal Data", "both", True, 1.21, -1),
}
# resellers: id -> (name, quebec_firm, margin multiplier, support bias)
RESELLERS = {
    "HALYARD": ("Halyard Integration Group", False, 0.975, -3),
    "TESSELLATE": ("Tessellate Systems", False, 1.00, 0),
    "ORRERY": ("Orrery Digital", False, 1.01, 1),
    "QUILLON": ("Quillon Tech Partners", False, 1.00, 0),
    "CORVID": ("Corvid Data Services", False, 1.02, -1),
    "KESTREL": ("Kestrel Nuage Canada", False, 1.01, 2),
    "LATTICE": ("Lattice & Loom Cloud", False, 0.99, 0),
    "SEXTANT": ("Sextant Cloud Partners", False, 1.03, 1),
    "LAURENTIDES": ("Solutions TI Laurentides", True, 1.12, 8),
    "FLEUVE": ("Intégrations Fleuve", True, 1.13, 7),
    "CHAUDIERE": ("Conseil numérique Chaudière", True, 1.12, 8),
    "ARPENT": ("Arpent Technologies", True, 1.13, 6),
    # the Quebec clouds selling directly
    "NORDET": ("Nordet Infonuagique", True, 1.00, 6),
    "BOREAL": ("Boréal Data", True, 1.00, 6),
}

# Offer families: (provider, category) -> regions, certifications, [(reseller, bid probability)]
FAMILIES = {
    ("NIMBUS", "IaaS"): ("qc;ca-central;us-east", "iso27001;soc2;cccs-medium;pci-dss",
                         [("HALYARD", 0.95), ("TESSELLATE", 0.55), ("LAURENTIDES", 0.5), ("ORRERY", 0.45)]),
    ("NIMBUS", "PaaS"): ("qc;ca-central;us-east", "iso27001;soc2;cccs-medium;pci-dss",
                         [("HALYARD", 0.95), ("QUILLON", 0.55), ("FLEUVE", 0.5)]),
    ("NIMBUS", "SaaS"): ("ca-central;us-east", "iso27001;soc2;pci-dss",
                         [("HALYARD", 0.9), ("CORVID", 0.5), ("ARPENT", 0.5), ("SEXTANT", 0.35)]),
    ("STRATOS", "IaaS"): ("qc;ca-on;us-east", "iso27001;soc2;cccs-medium;pci-dss",
                          [("TESSELLATE", 0.6), ("KESTREL", 0.4), ("CHAUDIERE", 0.3)]),
    ("STRATOS", "PaaS"): ("ca-on;us-east;us-west", "iso27001;soc2;cccs-medium",
                          [("QUILLON", 0.55), ("LATTICE", 0.55), ("SEXTANT", 0.35)]),
    ("STRATOS", "SaaS"): ("qc;ca-on", "iso27001;soc2;cccs-medium",
                          [("CORVID", 0.55), ("LATTICE", 0.5), ("LAURENTIDES", 0.35)]),
    ("AZURITE", "IaaS"): ("ca-central;ca-on;eu-west", "iso27001;soc2;pci-dss",
                          [("ORRERY", 0.55), ("KESTREL", 0.45), ("FLEUVE", 0.3)]),
    ("AZURITE", "PaaS"): ("qc;ca-central", "iso27001;soc2;cccs-medium;pci-dss",
                          [("LATTICE", 0.6), ("ORRERY", 0.45), ("ARPENT", 0.35)]),
    ("AZURITE", "SaaS"): ("qc;ca-central;us-east", "iso27001;soc2;cccs-medium;pci-dss",
                          [("QUILLON", 0.55), ("CHAUDIERE", 0.35), ("TESSELLATE", 0.4)]),
    ("MAPLEGRID", "IaaS"): ("qc;ca-on", "iso27001;cccs-medium",
                            [("KESTREL", 0.5), ("ARPENT", 0.45)]),
    ("MAPLEGRID", "PaaS"): ("ca-on;ca-central", "iso27001;soc2;cccs-medium",
                            [("CORVID", 0.45), ("FLEUVE", 0.3)]),
    ("NORDET", "IaaS"): ("qc", "iso27001;soc2;cccs-medium",
                         [("NORDET", 0.7), ("LAURENTIDES", 0.45), ("CHAUDIERE", 0.4)]),
    ("NORDET", "PaaS"): ("qc", "iso27001;soc2",
                         [("NORDET", 0.65), ("FLEUVE", 0.3)]),
    ("BOREAL", "IaaS"): ("qc", "iso27001;soc2",
                         [("BOREAL", 0.6), ("ARPENT", 0.45)]),
    ("BOREAL", "SaaS"): ("qc", "iso27001;soc2;cccs-medium;pci-dss",
                         [("BOREAL", 0.65), ("CHAUDIERE", 0.4), ("LAURENTIDES", 0.4)]),
}
# Per-offer departures from the family (realism: not every reseller carries every region or attestation).
UNQUALIFIED = {"NIMBUS-SAAS-SEXTANT", "STRATOS-PAAS-SEXTANT", "MAPLEGRID-PAAS-CORVID", "AZURITE-IAAS-KESTREL"}
DROP_CERT = {"NIMBUS-IAAS-ORRERY": "pci-dss", "STRATOS-IAAS-KESTREL": "cccs-medium",
             "AZURITE-SAAS-TESSELLATE": "pci-dss", "STRATOS-SAAS-LATTICE": "cccs-medium",
             "AZURITE-PAAS-ORRERY": "pci-dss"}
DROP_REGION = {"NIMBUS-IAAS-TESSELLATE": "qc", "STRATOS-IAAS-TESSELLATE": "qc", "AZURITE-SAAS-QUILLON": "qc"}

CATEGORIES = ["IaaS", "PaaS", "SaaS"]
CATEGORY_BASE = {"IaaS": 7000.0, "PaaS": 4800.0, "SaaS": 3400.0}  # CAD per month for a size-1 need
MIGRATION_DAYS = {"IaaS": (25, 120), "PaaS": (12, 70), "SaaS": (5, 35)}

# --------------------------------------------------------------------------------------------
# Need titles: category -> network ("*" = any) -> [(title, personal-info probability, pci)]
# --------------------------------------------------------------------------------------------
TITLES = {
    "IaaS": {
        "*": [("Migration du système de paie", 0.9, False),
              ("Hébergement du portail citoyen", 0.5, False),
              ("Reprise après sinistre du centre de traitement", 0.4, False),
              ("Migration des serveurs de fichiers", 0.35, False),
              ("Hébergement des bases de données Oracle", 0.45, False),
              ("Migration des machines virtuelles du CTI", 0.3, False),
              ("Stockage d'archives numériques", 0.3, False),
              ("Hébergement de l'entrepôt de données ministériel", 0.4, False),
              ("Migration de l'environnement de préproduction", 0.1, False),
              ("Hébergement des applications patrimoniales", 0.35, False),
              ("Sauvegarde infonuagique des postes et serveurs", 0.3, False)],
        "ministry": [("Hébergement du système de gestion des permis", 0.5, False),
                     ("Migration du système de gestion des subventions", 0.4, False)],
        "agency": [("Hébergement du système de perception", 0.95, True),
                   ("Migration du système de traitement des réclamations", 0.95, False),
                   ("Hébergement du système de gestion des dossiers clients", 0.95, False)],
        "rsss": [("Sauvegarde infonuagique des dossiers patients", 1.0, False),
                 ("Hébergement du système d'imagerie médicale (PACS)", 1.0, False),
                 ("Migration du système d'information de laboratoire", 1.0, False),
                 ("Hébergement du système de gestion des lits", 0.9, False)],
        "rees": [("Hébergement du dossier étudiant", 0.95, False),
                 ("Calcul haute performance pour la recherche", 0.15, False),
                 ("Migration des serveurs pédagogiques", 0.2, False)],
    },
    "PaaS": {
        "*": [("Plateforme d'analytique et de tableaux de bord", 0.35, False),
              ("Modernisation du système de gestion des dossiers", 0.7, False),
              ("Plateforme d'intégration (API) interministérielle", 0.3, False),
              ("Conteneurisation des applications Java", 0.25, False),
              ("Base de données gérée pour le registre", 0.5, False),
              ("Plateforme de développement et d'intégration continue", 0.05, False),
              ("Service de file de messages applicative", 0.2, False),
              ("Lac de données", 0.4, False)],
        "ministry": [("Lac de données géospatiales", 0.1, False),
                     ("Portail transactionnel de paiement en ligne", 0.8, True)],
        "agency": [("Plateforme de détection de la fraude", 0.95, True),
                   ("Portail transactionnel de paiement en ligne", 0.9, True),
                   ("Modernisation du système de calcul des prestations", 0.95, False)],
        "rsss": [("Plateforme de télésanté", 1.0, False),
                 ("Intégration des données cliniques (HL7/FHIR)", 1.0, False),
                 ("Plateforme d'analytique des urgences", 0.8, False)],
        "rees": [("Plateforme de données pour la recherche", 0.4, False),
                 ("Modernisation du système d'admission", 0.9, False)],
    },
    "SaaS": {
        "*": [("Messagerie et collaboration", 0.3, False),
              ("Gestion des ressources humaines et de la paie", 0.95, False),
              ("Solution de gestion des services TI", 0.1, False),
              ("Gestion électronique des documents", 0.45, False),
              ("Solution de visioconférence", 0.1, False),
              ("Gestion financière et approvisionnement", 0.2, False),
              ("Sondages et formulaires en ligne", 0.3, False),
              ("Gestion de la relation citoyenne", 0.8, False)],
        "ministry": [("Gestion des demandes d'accès à l'information", 0.7, False)],
        "agency": [("Solution de paiement en ligne", 0.7, True),
                   ("Centre de contact client infonuagique", 0.9, False)],
        "rsss": [("Prise de rendez-vous en ligne", 1.0, False),
                 ("Gestion des horaires du personnel soignant", 0.9, False),
                 ("Solution de gestion des plaintes des usagers", 1.0, False)],
        "rees": [("Système de gestion des apprentissages", 0.6, False),
                 ("Communication école-famille", 0.9, False),
                 ("Solution de paiement des frais scolaires", 0.6, True)],
    },
}
CATEGORY_MIX = {"ministry": (0.42, 0.30, 0.28), "agency": (0.40, 0.34, 0.26),
                "rsss": (0.40, 0.25, 0.35), "rees": (0.30, 0.25, 0.45)}
PI_FACTOR = {"ministry": 0.3, "agency": 0.75, "rsss": 1.0, "rees": 0.55}
N_NEEDS = 300
N_ART48 = 3      # needs entered with a 48-month term (data-entry mistake, art. 48)
N_RESIDENCY = 2  # personal-information needs that only received estimates hosted outside Quebec

# Capacities in migration days (tuned with check_baseline.py so that they bind in reference.toml).
CAPACITIES = [("NORDET", 220), ("BOREAL", 200), ("LAURENTIDES", 300), ("CHAUDIERE", 280)]


def fmt_money(x):
    return f"{x:.2f}"


def lognormal(sigma):
    return math.exp(rng.gauss(0.0, sigma))


def build_offers():
    offers = {}
    for (prov, cat), (regions, certs, resellers) in FAMILIES.items():
        for res, bid in resellers:
            oid = f"{prov}-{cat.upper()}-{res}"
            reg = [r for r in regions.split(";") if r != DROP_REGION.get(oid)]
            cer = [c for c in certs.split(";") if c != DROP_CERT.get(oid)]
            offers[oid] = {"id": oid, "provider": prov, "reseller": res, "category": cat,
                           "qualified": oid not in UNQUALIFIED, "regions": reg, "certifications": cer,
                           "bid": bid}
    return offers


def draw_agency_counts():
    total_w = sum(a[3] for a in AGENCIES)
    counts = {a[0]: max(2, round(N_NEEDS * a[3] / total_w)) for a in AGENCIES}
    ids = [a[0] for a in AGENCIES]
    weights = [a[3] for a in AGENCIES]
    while sum(counts.values()) < N_NEEDS:
        counts[rng.choices(ids, weights)[0]] += 1
    while sum(counts.values()) > N_NEEDS:
        a = rng.choices(ids, weights)[0]
        if counts[a] > 3:
            counts[a] -= 1
    return counts


def eligible(need, offer, est_region, est_term, equivalent=()):
    """The eligibility rule courtier applies (default scenario: no equivalent regions)."""
    term = est_term if est_term is not None else need["term"]
    return (offer["qualified"] and offer["category"] == need["category"]
            and (not need["pi"] or est_region == "qc" or est_region in equivalent)
            and all(c in offer["certifications"] for c in need["certs"])
            and term <= MAX_TERM)


def offer_can_serve(need, offer):
    return (offer["qualified"] and offer["category"] == need["category"]
            and (not need["pi"] or "qc" in offer["regions"])
            and all(c in offer["certifications"] for c in need["certs"]))


def build_needs(offers):
    agency = {a[0]: a for a in AGENCIES}
    counts = draw_agency_counts()
    needs = []
    for aid in [a[0] for a in AGENCIES]:
        net = agency[aid][2]
        for _ in range(counts[aid]):
            cat = rng.choices(CATEGORIES, CATEGORY_MIX[net])[0]
            pool = TITLES[cat]["*"] + TITLES[cat][net] * 2
            title, p_pi, pci = rng.choice(pool)
            pi = rng.random() < p_pi * PI_FACTOR[net]
            certs = []
            if rng.random() < (0.85 if pi else 0.6):
                certs.append("iso27001")
            if rng.random() < 0.3:
                certs.append("soc2")
            if rng.random() < (0.45 if pi else 0.15):
                certs.append("cccs-medium")
            if pci:
                certs.append("pci-dss")
            term = rng.choices([12, 24, 36], [0.2, 0.35, 0.45])[0]
            size = min(8.0, max(0.4, lognormal(0.7))) * agency[aid][4]
            needs.append({"agency": aid, "network": net, "title": title, "category": cat, "pi": pi,
                          "certs": certs, "term": term, "size": size})
    # every need must be servable by at least two providers through qualified offers; else relax certs
    for n in needs:
        while len({o["provider"] for o in offers.values() if offer_can_serve(n, o)}) < 2:
            n["certs"].remove(next(c for c in ["pci-dss", "cccs-medium", "soc2", "iso27001"] if c in n["certs"]))
    # no single need may weigh more than half of its agency (a per-agency share cap must stay feasible)
    for aid in counts:
        mine = [n for n in needs if n["agency"] == aid]
        for _ in range(3):
            vals = [n["size"] * n["term"] * CATEGORY_BASE[n["category"]] for n in mine]
            big = max(range(len(mine)), key=lambda i: vals[i])
            rest = sum(vals) - vals[big]
            if vals[big] > 0.8 * rest:
                mine[big]["size"] *= 0.8 * rest / vals[big]
    # shuffle the order so that ids do not follow agencies, then number them
    rng.shuffle(needs)
    for i, n in enumerate(needs, 1):
        n["id"] = f"N-{i:04d}"
    # special needs: art. 48 term errors and residency-only-outside-Quebec
    normal = [n for n in needs]
    for n in rng.sample([n for n in normal if n["category"] != "SaaS"], N_ART48):
        n["term"] = 48
        n["special"] = "art48"
    cands = [n for n in needs if "special" not in n and n["category"] == "SaaS" and n["network"] == "rsss"]
    for n in rng.sample(cands, N_RESIDENCY):
        n["pi"] = True
        n["certs"] = ["iso27001"]
        n["special"] = "residency"
    return needs


def make_estimate(need, offer, region, term=None, prov_noise=1.0):
    prov = PROVIDERS[offer["provider"]]
    res = RESELLERS[offer["reseller"]]
    base = CATEGORY_BASE[need["category"]] * need["size"] * (term or need["term"])
    premium = 1.04 if (region == "qc" and offer["provider"] in ("NIMBUS", "STRATOS", "AZURITE")) else 1.0
    if region in ("us-east", "us-west", "eu-west"):
        premium *= 0.98
    price = base * prov[3] * res[2] * premium * prov_noise * lognormal(0.10)
    price = max(price, 15000.0 + rng.random() * 10000.0)
    scores = None
    if rng.random() < 0.8:
        def sc(bias, sd=9.0):
            return min(100.0, max(0.0, round(72 + bias + rng.gauss(0, sd), 1)))
        scores = (sc(prov[4]), sc(prov[4] + res[3] / 2), sc(prov[4] + 2), sc(res[3]))
    lo, hi = MIGRATION_DAYS[need["category"]]
    days = (lo + (hi - lo) * rng.random()) * min(1.6, max(0.6, math.sqrt(need["size"])))
    days *= 1.1 if offer["provider"] in ("NORDET", "BOREAL") else 1.0
    days = int(min(120, max(5, round(days))))
    return {"need": need["id"], "offer": offer["id"], "price": round(price, 2), "region": region,
            "term": term, "scores": scores, "days": days}


def pick_region(need, offer):
    regs = offer["regions"]
    if need["pi"] and "qc" in regs and rng.random() < 0.92:
        return "qc"
    if "qc" in regs and len(regs) > 1 and rng.random() < 0.25:
        return "qc"
    others = [r for r in regs if r != "qc"] or regs
    return rng.choice(others)


def build_estimates(needs, offers):
    estimates = []
    olist = [offers[k] for k in sorted(offers)]
    for need in needs:
        noise = {p: lognormal(0.06) for p in PROVIDERS}
        cands = [o for o in olist if o["category"] == need["category"]]
        if need.get("special") == "residency":
            chosen = [o for o in cands if o["qualified"] and any(r != "qc" for r in o["regions"])
                      and "iso27001" in o["certifications"]]
            chosen = rng.sample(chosen, min(len(chosen), rng.randint(4, 6)))
            for o in chosen:
                reg = rng.choice([r for r in o["regions"] if r != "qc"])
                estimates.append(make_estimate(need, o, reg, None, noise[o["provider"]]))
            continue
        chosen = []
        for o in cands:
            p = o["bid"]
            if not offer_can_serve(need, o):
                p *= 0.25 if o["qualified"] else 0.2
            if rng.random() < p:
                chosen.append(o)
        target = rng.randint(4, 10)
        if len(chosen) > target:
            # keep the most likely bidders first, at random among equals
            chosen.sort(key=lambda o: -o["bid"] * rng.random() ** 0.5)
            chosen = chosen[:target]
        while len(chosen) < 4:
            rest = [o for o in cands if o not in chosen]
            chosen.append(rng.choices(rest, [o["bid"] for o in rest])[0])
        # every normal need gets eligible estimates from at least two providers
        if need.get("special") is None:
            servers = [o for o in cands if offer_can_serve(need, o)]
            while len({o["provider"] for o in chosen if offer_can_serve(need, o)}) < 2:
                have = {o["provider"] for o in chosen if offer_can_serve(need, o)}
                extra = [o for o in servers if o["provider"] not in have and o not in chosen]
                chosen.append(rng.choices(extra, [o["bid"] for o in extra])[0])
        for o in chosen:
            estimates.append(make_estimate(need, o, pick_region(need, o), None, noise[o["provider"]]))
    # realistic mistakes: a few estimates for an offer of the wrong category, a few proposing 48 months
    normal = [n for n in needs if "special" not in n]
    for need in rng.sample(normal, 6):
        wrong = [o for o in olist if o["category"] != need["category"] and o["qualified"]]
        have = {(e["need"], e["offer"]) for e in estimates}
        wrong = [o for o in wrong if (need["id"], o["id"]) not in have]
        o = rng.choice(wrong)
        estimates.append(make_estimate(need, o, pick_region(need, o)))
    for need in rng.sample(normal, 7):
        have = sorted({e["offer"] for e in estimates if e["need"] == need["id"]})
        o = offers[rng.choice(have)]
        if rng.random() < 0.5:
            # the supplier proposes four years, renewals included: excluded by art. 48
            new = make_estimate(need, o, pick_region(need, o), 48)
            estimates = [e for e in estimates if (e["need"], e["offer"]) != (need["id"], o["id"])]
            estimates.append(new)
        else:
            for e in estimates:
                if (e["need"], e["offer"]) == (need["id"], o["id"]):
                    e["term"] = 48
                    e["price"] = round(e["price"] * 48 / need["term"], 2)
    estimates.sort(key=lambda e: (e["need"], e["offer"]))
    return estimates


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    offers = build_offers()
    needs = build_needs(offers)
    estimates = build_estimates(needs, offers)

    write_csv("agencies.csv", ["id", "name", "network"], sorted((a[0], a[1], a[2]) for a in AGENCIES))
    sup = {}
    for sid, (name, role, qf, _, _) in PROVIDERS.items():
        sup[sid] = (sid, name, role, "true" if qf else "false")
    for sid, (name, qf, _, _) in RESELLERS.items():
        if sid not in sup:
            sup[sid] = (sid, name, "reseller", "true" if qf else "false")
    write_csv("suppliers.csv", ["id", "name", "role", "quebec_firm"], [sup[k] for k in sorted(sup)])
    write_csv("offers.csv", ["id", "provider", "reseller", "category", "qualified", "regions", "certifications"],
              [(o["id"], o["provider"], o["reseller"], o["category"], "true" if o["qualified"] else "false",
                ";".join(o["regions"]), ";".join(o["certifications"])) for o in (offers[k] for k in sorted(offers))])
    write_csv("needs.csv", ["id", "agency", "title", "category", "personal_info", "certifications", "term_months"],
              [(n["id"], n["agency"], n["title"], n["category"], "true" if n["pi"] else "false",
                ";".join(n["certs"]), n["term"]) for n in sorted(needs, key=lambda n: n["id"])])
    write_csv("estimates.csv", ["need", "offer", "price", "region", "term_months", "compatibility",
                                "accessibility", "performance", "support"],
              [(e["need"], e["offer"], fmt_money(e["price"]), e["region"], "" if e["term"] is None else e["term"],
                *(("", "", "", "") if e["scores"] is None else (f"{s:.1f}" for s in e["scores"])))
               for e in estimates])
    write_csv("capacities.csv", ["supplier", "unit", "limit"],
              [(s, "migration_days", lim) for s, lim in sorted(CAPACITIES)])
    write_csv("consumption.csv", ["need", "offer", "unit", "amount"],
              [(e["need"], e["offer"], "migration_days", e["days"]) for e in estimates])

    summary(needs, offers, estimates)


def summary(needs, offers, estimates):
    sup_qf = {k: v[2] for k, v in PROVIDERS.items()}
    sup_qf.update({k: v[1] for k, v in RESELLERS.items()})
    print(f"agencies {len(AGENCIES)}, suppliers {len(set(PROVIDERS) | set(RESELLERS))}, offers {len(offers)} "
          f"({sum(not o['qualified'] for o in offers.values())} not qualified), needs {len(needs)}, "
          f"estimates {len(estimates)}")
    for key, label in (("network", "network"), ("category", "category")):
        counts = {}
        for n in needs:
            counts[n[key]] = counts.get(n[key], 0) + 1
        print(f"needs per {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"needs with personal information: {sum(n['pi'] for n in needs)}"
          f" ({100 * sum(n['pi'] for n in needs) / len(needs):.1f} %)")
    need_by_id = {n["id"]: n for n in needs}
    best = {}
    for e in estimates:
        n = need_by_id[e["need"]]
        if eligible(n, offers[e["offer"]], e["region"], e["term"]):
            if n["id"] not in best or (e["price"], e["offer"]) < (best[n["id"]]["price"], best[n["id"]]["offer"]):
                best[n["id"]] = e
    unserved = sorted(set(need_by_id) - set(best))
    print(f"needs with no eligible estimate: {len(unserved)}: " + " ".join(
        f"{i}({need_by_id[i].get('special', '?')})" for i in unserved))
    total = sum(e["price"] for e in best.values())
    print(f"price-only baseline (cheapest eligible estimate per need, capacities ignored): "
          f"{len(best)} needs, total {total:,.2f} CAD")
    for role in ("provider", "reseller"):
        share = {}
        for e in best.values():
            s = offers[e["offer"]][role]
            share[s] = share.get(s, 0.0) + e["price"]
        print(f"  {role} shares: " + ", ".join(f"{k} {100 * v / total:.1f} %"
                                             for k, v in sorted(share.items(), key=lambda kv: -kv[1])))
    qc = sum(e["price"] for e in best.values()
             if sup_qf[offers[e["offer"]]["provider"]] or sup_qf[offers[e["offer"]]["reseller"]])
    print(f"  Quebec-firm share (reseller or provider): {100 * qc / total:.1f} %")


if __name__ == "__main__":
    main()
