#!/usr/bin/env python3
"""Generate the fuzz corpus replayed by tests/fuzz_replay.rs (and a seed corpus for `cargo fuzz`): structured
mutations of the tiny fixture (tests/fixtures/tiny) and of a result of it (seed-allocation.csv, seed-result.json),
plus the hostile cases of issue 7. Deterministic: the same script writes the same files.

    python3 tests/fuzz-corpus/generate.py      # rewrites tests/fuzz-corpus/<target>/

A model or scenario case is a bundle: files separated by lines `=== NAME` (see fuzz/harness.rs); files a bundle
does not give come from the tiny fixture.
"""
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
TINY = os.path.join(HERE, "..", "fixtures", "tiny")
CSVS = ["agencies.csv", "suppliers.csv", "offers.csv", "needs.csv", "estimates.csv", "capacities.csv",
        "consumption.csv"]
rng = random.Random(20251)


def read(name):
    with open(os.path.join(TINY, name), "rb") as f:
        return f.read()


def bundle(files):
    out = b""
    for name, data in files:
        out += b"=== " + name.encode() + b"\n" + data
        if not data.endswith(b"\n"):
            out += b"\n"
    return out


CELL_VALUES = [b"", b" ", b"-1", b"0", b"0.00", b"1e5", b"1.005", b"99999999999999999999999999999",
               b"79228162514264337593543950335", b"1000000000000.01", b"1000000000000.00", b"NaN", b"inf",
               b"\xff\xfe", b"\xc3(", b"\"", b"\"unclosed", b"a,b", b"a\nb", b"N X", b"N/1", b"x" * 5000,
               b"\x00", b"TRUE", b"oui", b"IAAS", b"qc;;ca-on", b";", b"36.0", b"-0", b"4294967296", b"$10",
               b"1 000", b"\xe2\x80\xae", b"<script>", b"=cmd|' /C calc'!A0"]


def mutate_csv(data):
    lines = data.split(b"\n")
    kind = rng.randrange(9)
    row = rng.randrange(len(lines))
    if kind <= 3 and row > 0 and lines[row]:
        cells = lines[row].split(b",")
        c = rng.randrange(len(cells))
        cells[c] = rng.choice(CELL_VALUES)
        lines[row] = b",".join(cells)
    elif kind == 4:
        lines.insert(rng.randrange(1, len(lines) + 1), lines[rng.randrange(1, max(2, len(lines) - 1))])
    elif kind == 5 and lines[row]:
        lines[row] = lines[row] + b"," + rng.choice(CELL_VALUES)
    elif kind == 6:
        header = lines[0].split(b",")
        op = rng.randrange(3)
        i = rng.randrange(len(header))
        if op == 0:
            del header[i]
        elif op == 1:
            header[i] = header[i].upper()
        else:
            header.append(header[i])
        lines[0] = b",".join(header)
    elif kind == 7:
        cut = rng.randrange(len(data) + 1)
        return data[:cut]
    else:
        pos = rng.randrange(len(data) + 1)
        return data[:pos] + bytes([rng.randrange(256)]) + data[pos:]
    return b"\n".join(lines)


def model_cases():
    cases = {}
    for name in CSVS:
        for i in range(16):
            cases[f"{name[:-4]}-{i:02}"] = bundle([(name, mutate_csv(read(name)))])
    estimates = read("estimates.csv")
    cases["issue7-price-too-large"] = bundle([("estimates.csv", estimates.replace(b"420000.00",
                                                                                   b"79228162514264337593543950335"))])
    cases["issue7-price-at-maximum"] = bundle([("estimates.csv", estimates.replace(b"420000.00", b"1000000000000.00"))])
    junk = b"supplier,unit,limit\n" + b"".join(b"JUNK%d,u%d,%d\n" % (i, i, i) for i in range(3000))
    cases["issue7-junk-capacities"] = bundle([("capacities.csv", junk)])
    cases["issue7-empty-rows"] = bundle([("capacities.csv", b"supplier,unit,limit\n" + b",,\n" * 3000)])
    cases["unit-without-capacity"] = bundle([("consumption.csv", read("consumption.csv") + b"N-002,O-MSFT-PAAS,ram,1\n")])
    cases["bom-crlf"] = bundle([("agencies.csv", b"\xef\xbb\xbf" + read("agencies.csv").replace(b"\n", b"\r\n"))])
    cases["all-empty"] = bundle([(n, b"") for n in CSVS])
    return cases


SCENARIO = read("scenario.toml")


def scenario(extra=b"", base=SCENARIO):
    return base + b"\n" + extra


def scenario_cases():
    cases = {}
    ext = b'extends = "base.toml"\ndescription = "x"\n'
    # The cases.
    cases["issue7-scale-overflow"] = bundle([("scenario.toml", ext + b"[[whatif.scale_prices]]\nfactor = 1e15\n\n"
                                              b"[[whatif.scale_prices]]\nfactor = 1e15\n"), ("base.toml", SCENARIO)])
    cases["issue7-threads"] = bundle([("scenario.toml", SCENARIO.replace(b"threads = 1", b"threads = 1000000"))])
    cases["issue7-seed-2-63"] = bundle([("scenario.toml", SCENARIO.replace(b"seed = 20251", b"seed = 9223372036854775808"))])
    cases["issue7-seed-neg"] = bundle([("scenario.toml", SCENARIO.replace(b"seed = 20251", b"seed = -9223372036854775809"))])
    cases["issue7-extends-urandom"] = bundle([("scenario.toml", b'extends = "/dev/urandom"\ndescription = "x"\n')])
    cases["issue7-extends-zero"] = bundle([("scenario.toml", b'extends = "/dev/zero"\ndescription = "x"\n')])
    cases["issue7-extends-folder"] = bundle([("scenario.toml", b'extends = "."\ndescription = "x"\n')])
    cases["issue7-extends-loop"] = bundle([("scenario.toml", ext), ("base.toml", b'extends = "scenario.toml"\n')])
    deep = [("scenario.toml", b'extends = "b1.toml"\ndescription = "x"\n')]
    for i in range(1, 40):
        deep.append((f"b{i}.toml", f'extends = "b{i + 1}.toml"\n'.encode()))
    deep.append(("b40.toml", SCENARIO))
    cases["issue7-extends-deep"] = bundle(deep)
    cases["issue7-whatif-ids"] = bundle([("scenario.toml", scenario(
        b'[[whatif.capacities]]\nsupplier = "NUAGIQ"\nunit = "mig days"\nlimit = 3\n\n[[whatif.add_needs]]\n'
        b'id = "N X"\nagency = "MCN"\ntitle = "t"\ncategory = "IaaS"\nterm_months = 12\n'
        b'estimates = [{ offer = "O-AWS-IAAS", price = "1.00", region = "qc" }]\n'))])
    cases["issue7-add-need-vcpu"] = bundle([("scenario.toml", scenario(
        b'[[whatif.add_needs]]\nid = "N-X"\nagency = "MCN"\ntitle = "t"\ncategory = "IaaS"\nterm_months = 12\n'
        b'estimates = [{ offer = "O-AWS-IAAS", price = "1.00", region = "qc", vcpu = 7, term_months = 6, '
        b'compatibility = 1, accessibility = 2, performance = 3, support = 4 }]\n'))])
    cases["whatif-in-base"] = bundle([("scenario.toml", ext), ("base.toml", scenario(
        b'[[whatif.scale_prices]]\nfactor = 0.000000001\n'))])
    # Structured mutations of each key's value.
    values = [b'"x"', b"-1", b"0", b"1e400", b"nan", b"inf", b"9223372036854775807", b"9223372036854775808",
              b"[]", b"{}", b'"0.4"', b'"20%"', b"true", b"1.5", b'""', b'"\\u0000"', b"0.30000000000000004"]
    lines = SCENARIO.split(b"\n")
    keyed = [i for i, l in enumerate(lines) if b"=" in l]
    for n in range(60):
        ls = list(lines)
        i = rng.choice(keyed)
        key = ls[i].split(b"=")[0]
        ls[i] = key + b"= " + rng.choice(values)
        cases[f"value-{n:02}"] = bundle([("scenario.toml", b"\n".join(ls))])
    whatifs = [
        b"[whatif]\nremove_suppliers = [\"NOBODY\"]\n", b"[whatif]\nremove_suppliers = [\"AWS\", \"AWS\"]\n",
        b"[[whatif.scale_prices]]\nfactor = 0\n", b"[[whatif.scale_prices]]\nfactor = -1\n",
        b"[[whatif.scale_prices]]\nfactor = 1e-30\n", b"[[whatif.scale_prices]]\nfactor = \"abc\"\n",
        b"[[whatif.scale_prices]]\nfactor = 2\nprovider = \"AW S\"\n", b"[[whatif.scale_prices]]\nfactor = 2\ncategory = \"XaaS\"\n",
        b"[[whatif.capacities]]\nsupplier = \"NUAGIQ\"\nunit = \"migration_days\"\nlimit = \"none\"\n",
        b"[[whatif.capacities]]\nsupplier = \"NUAGIQ\"\nunit = \"migration_days\"\nlimit = 1e30\n",
        b"[whatif.drop_needs]\nneeds = [\"N-001\"]\nnetworks = [\"mars\"]\n", b"[whatif.drop_needs]\nagencies = [\"NOPE\"]\n",
        b"[[whatif.add_needs]]\nid = \"N-001\"\nagency = \"MCN\"\ntitle = \"t\"\ncategory = \"IaaS\"\nterm_months = 1\n",
        b"[[whatif.add_needs]]\nid = \"N-Y\"\nagency = \"MCN\"\ntitle = \"\"\ncategory = \"IaaS\"\nterm_months = -5\n",
        b"[[whatif.add_needs]]\nid = \"N-Y\"\nagency = \"MCN\"\ntitle = \"t\"\ncategory = \"IaaS\"\nterm_months = 3\n"
        b"estimates = [{ offer = \"O-AWS-IAAS\", price = \"1.00\", region = \"qc\" }, { offer = \"O-AWS-IAAS\", price = \"2.00\", region = \"qc\" }]\n",
        b"[[whatif.add_needs]]\nid = \"N-Y\"\nagency = \"MCN\"\ntitle = \"t\"\ncategory = \"IaaS\"\nterm_months = 3\n"
        b"estimates = [{ offer = \"O-AWS-IAAS\", price = 1, region = \"qc\" }]\n",
        b"[[whatif.add_needs]]\nid = \"N-Y\"\nagency = \"MCN\"\ntitle = \"t\"\ncategory = \"IaaS\"\nterm_months = 3\n"
        b"estimates = [{ offer = \"O-AWS-IAAS\", price = \"1.00\", region = \"qc\", migration_days = { a = 1 } }]\n",
    ]
    for n, w in enumerate(whatifs):
        cases[f"whatif-{n:02}"] = bundle([("scenario.toml", scenario(w))])
    for n in range(30):
        data = bytearray(SCENARIO)
        for _ in range(rng.randrange(1, 4)):
            pos = rng.randrange(len(data))
            data[pos] = rng.choice(b"[]=\"'#\n\\0{}.,x\xff")
        cases[f"bytes-{n:02}"] = bundle([("scenario.toml", bytes(data))])
    for n in range(10):
        name = rng.choice(CSVS)
        cases[f"with-model-{n:02}"] = bundle([("scenario.toml", SCENARIO), (name, mutate_csv(read(name)))])
    return cases


def allocation_cases():
    with open(os.path.join(HERE, "seed-allocation.csv"), "rb") as f:
        seed = f.read()
    cases = {"seed": seed}
    for n in range(40):
        cases[f"mutated-{n:02}"] = mutate_csv(seed)
    cases["unknown-ids"] = seed.replace(b"N-001", b"N-999").replace(b"O-QC-IAAS", b"O-NOPE")
    cases["huge-price"] = seed.replace(b"420000.00", b"79228162514264337593543950335")
    cases["many-rows"] = seed + seed.split(b"\n", 1)[1] * 50
    return cases


def result_cases():
    with open(os.path.join(HERE, "seed-result.json"), "rb") as f:
        seed = f.read()
    cases = {"seed": seed}
    for n in range(25):
        data = bytearray(seed)
        for _ in range(rng.randrange(1, 4)):
            pos = rng.randrange(len(data))
            data[pos] = rng.choice(b"{}[]\":,0-9ex \xff")
        cases[f"bytes-{n:02}"] = bytes(data)
    cases["empty-inputs"] = seed.replace(b'"inputs": [', b'"inputs": [], "was": [')
    cases["unknown-ids"] = seed.replace(b'"N-001"', b'"N-999"')
    cases["not-json"] = b"\x00\x01binary"
    cases["deep"] = b"[" * 10000 + b"]" * 10000
    cases["wrong-types"] = b'{"summary": {"awards": 3}, "audit": {"inputs": "x"}}'
    # Not here: a result naming `/dev/zero` as an input (verify must be confined to the scenario's inputs first).
    return cases


def write(target, cases):
    folder = os.path.join(HERE, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, data in sorted(cases.items()):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


write("model_csv", model_cases())
write("scenario_toml", scenario_cases())
write("allocation_csv", allocation_cases())
write("result_json", result_cases())
