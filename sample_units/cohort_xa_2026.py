"""FICTIONAL communes of a province after 1 July 2025 (100 xã, phường, đặc khu) for criteria/2026/xa.yaml.

`generate(rng)` returns unit dicts in the unit-file shape, each with its system data (766 score,
SIPAS satisfaction, DTI where "published") under the key "system"; sample_units/make_cohort.py
writes the units to sample_units/cohort-2026/xa/*.yaml and the system data to
sample_units/cohort-2026/he-thong-xa.csv. Nothing here is real data ("Phường Mẫu 01 (hư cấu)" …).
Figures are drawn from `rng` only, at the scale of a post-merger commune (a few thousand dossiers,
land dossiers and public investment taken over from the districts), and always add up, so every
consistency check of the set passes.

The cohort has 28 phường, 70 xã and 2 đặc khu, ranked in two groups (phường; xã và đặc khu) as in
Hải Phòng's 2025 tables. On purpose:
- phuong-mau-01: perfect figures but one official disciplined: above 90%, rating capped to "Tốt";
- phuong-mau-05 and phuong-mau-06, xa-mau-10 and xa-mau-11: the same figures and system data under
  two ids: a tie in each group;
- "quiet" communes with nothing to do in some criteria (no legal document due, no land dossier, no
  complaint, no public investment, no audit conclusion) → "không phát sinh";
- communes that leave some figures out → "chưa kê khai";
- DTI is "published" for phường only: 7.4 is không phát sinh for xã and đặc khu;
- no commune gives itself points for the judged leaf 2.3 (they come with a campaign's
  self-assessment and appraisal): "chưa kê khai" (0 of 1) for all.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from cohort_draw import Draw, decimal_text

KIND = "xa"
CRITERIA = "xa-2026"
PERIOD = "Năm 2026"

PHUONG, XA, DAC_KHU = 28, 70, 2
TWINS = {("phuong", 6): ("phuong", 5), ("xa", 11): ("xa", 10)}  # (type, number) → the unit it copies
UNDECLARED = ("cap_pho_dung_quy_dinh", "quy_che_lam_viec", "to_cong_nghe_so", "an_toan_thong_tin")
NAMES = {"phuong": "Phường", "xa": "Xã", "dac_khu": "Đặc khu"}


def _profiles(rng: random.Random) -> list[tuple[str, int, float, frozenset[str]]]:
    """(type, number, quality, traits) for every commune, in order: phường, xã, đặc khu."""
    profiles = []
    for kind, count in (("phuong", PHUONG), ("xa", XA), ("dac_khu", DAC_KHU)):
        for number in range(1, count + 1):
            quality = round(rng.uniform(0.55, 0.98), 2)
            traits: set[str] = set()
            if kind == "phuong" and number == 1:
                quality, traits = 1.0, {"perfect", "disciplined"}
            if number % 7 == 3:
                traits.add("quiet")
            if number % 11 == 4:
                traits.add("undeclared")
            if number % 9 == 8:
                traits.add("penalty")
            profiles.append((kind, number, quality, frozenset(traits)))
    return profiles


def _unit(rng: random.Random, kind: str, quality: float, traits: frozenset[str]) -> dict[str, Any]:
    perfect = "perfect" in traits
    quiet = "quiet" in traits
    d = Draw(rng, quality, perfect)
    ind: dict[str, Any] = {"loai_don_vi": kind}

    # 1. Chỉ đạo, điều hành
    ind["ke_hoach_cchc"] = "kip_thoi" if d.yes() else ("khong_kip_thoi" if rng.random() < 0.8 else "khong_ban_hanh")
    ind["nhiem_vu_cchc_day_du"] = d.yes()
    ind["bo_tri_kinh_phi_cchc"] = d.yes()
    plan = rng.randint(10, 25)
    ind["chi_tieu_ke_hoach"] = plan
    ind["chi_tieu_hoan_thanh"] = d.part(plan, floor=0.4)
    ind["bao_cao_cchc_dung_han"] = d.yes()
    ind["don_vi_kiem_tra_ke_hoach"] = 4  # three phòng and the Trung tâm Phục vụ hành chính công
    ind["don_vi_da_kiem_tra"] = d.part(4)
    tasks = rng.randint(3, 10)
    ind["nhiem_vu_cchc_duoc_giao"] = tasks
    ind["nhiem_vu_giao_dung_han"] = d.part(tasks)
    ind["tin_bai_cchc"] = rng.randint(10, 40) if perfect else rng.randint(0, 2 + round(12 * quality))

    # 2. Thể chế
    due = 0 if quiet else rng.randint(1, 4)
    ind["vbqppl_phai_ban_hanh"] = due
    ind["vbqppl_da_ban_hanh"] = d.part(due)
    ind["quy_trinh_vbqppl_dung_quy_dinh"] = d.yes()
    ind["ke_hoach_ra_soat_vbqppl"] = d.yes()
    ind["ke_hoach_pho_bien_gdpl"] = d.yes()

    # 3. Thủ tục hành chính
    ind["trung_tam_dung_quy_dinh"] = d.yes()
    ind["tthc_cong_khai_day_du"] = d.yes()
    ind["mot_cua_dung_quy_dinh"] = d.yes()
    ind["ke_hoach_ra_soat_tthc"] = d.yes()
    received = rng.randint(1500, 9000) if kind == "phuong" else rng.randint(600, 5000)
    carried = rng.randint(0, received // 20)
    pending = round((received + carried) * rng.uniform(0.01, 0.05))
    settled = received + carried - pending
    late = 0 if perfect else round(settled * rng.uniform(0.0, 0.02 * (1.05 - quality)))
    early = round((settled - late) * rng.uniform(0.5, 0.9))
    ind.update({
        "ho_so_tiep_nhan": received,
        "ho_so_ton_ky_truoc": carried,
        "ho_so_da_giai_quyet": settled,
        "ho_so_truoc_han": early,
        "ho_so_dung_han": settled - late - early,
        "ho_so_tre_han": late,
        "ho_so_dang_giai_quyet": pending,
        "thu_xin_loi": late if perfect or rng.random() < quality else late // 2,
    })
    feedback = 0 if quiet else rng.randint(0, 20)
    ind["pakn_tiep_nhan"] = feedback
    ind["pakn_da_xu_ly"] = d.part(feedback, floor=0.5)
    land = 0 if quiet else round(settled * rng.uniform(0.05, 0.2))
    ind["ho_so_dat_dai"] = land
    ind["ho_so_dat_dai_dung_han"] = d.part(land, floor=0.5)

    # 4. Tổ chức bộ máy
    ind["phong_co_quy_dinh"] = 3 if d.yes() else rng.randint(1, 2)
    ind["cap_pho_dung_quy_dinh"] = d.yes()
    ind["quy_che_lam_viec"] = d.yes()
    quota = rng.randint(35, 60)
    over = not perfect and rng.random() > 0.8 + 0.2 * quality
    ind["bien_che_giao"] = quota
    ind["bien_che_su_dung"] = quota + rng.randint(1, 4) if over else quota - rng.randint(0, 5)
    cuts = 0 if quiet else rng.randint(0, 4)
    ind["tinh_gian_ke_hoach"] = cuts
    ind["tinh_gian_thuc_hien"] = d.part(cuts)
    ind["thuc_hien_phan_cap"] = d.yes()

    # 5. Chế độ công vụ
    ind["bo_tri_dung_vtvl"] = d.yes()
    ind["danh_gia_xep_loai_dung_quy_dinh"] = d.yes()
    training = rng.randint(30, 120)
    ind["luot_dao_tao_ke_hoach"] = training
    ind["luot_dao_tao_thuc_hien"] = d.part(training, floor=0.3)
    ind["van_hoa_cong_so"] = d.yes()
    ind["pakn_thai_do_phuc_vu"] = 0 if quality >= 0.75 else rng.randint(0, 3)

    # 6. Tài chính công
    ind["quy_che_chi_tieu_noi_bo"] = d.yes()
    ind["cong_khai_tai_chinh"] = d.yes()
    revenue = rng.randint(5, 120) * 1000
    ind["thu_ngan_sach_du_toan"] = revenue
    ind["thu_ngan_sach_thuc_hien"] = round(revenue * (1.05 if perfect else rng.uniform(0.7, 0.8 + 0.3 * quality)))
    investment = 0 if quiet else rng.randint(2, 80) * 1000
    ind["von_dau_tu_giao"] = investment
    ind["von_dau_tu_giai_ngan"] = d.part(investment, floor=0.3)
    if quiet:
        ind["thuc_hien_ket_luan_thanh_tra"] = "khong_phat_sinh"
    else:
        ind["thuc_hien_ket_luan_thanh_tra"] = "day_du" if d.yes() else ("mot_phan" if rng.random() < 0.8
                                                                        else "chua_thuc_hien")

    # 7. Chính quyền số
    ind["ke_hoach_chuyen_doi_so"] = d.yes()
    digital = rng.randint(6, 20)
    ind["nhiem_vu_cds"] = digital
    ind["nhiem_vu_cds_hoan_thanh"] = d.part(digital, floor=0.3)
    ind["an_toan_thong_tin"] = d.yes()
    ind["to_cong_nghe_so"] = d.yes()
    issued = rng.randint(800, 4000)
    electronic = d.part(issued, floor=0.5)
    ind["van_ban_phat_hanh"] = issued
    ind["van_ban_dien_tu"] = electronic
    ind["van_ban_ky_so"] = d.part(electronic, floor=0.5)
    ind["ho_so_truc_tuyen"] = d.part(received, floor=0.2)
    with_fee = round(received * rng.uniform(0.1, 0.4))
    ind["ho_so_phai_thanh_toan"] = with_fee
    ind["ho_so_thanh_toan_truc_tuyen"] = d.part(with_fee, floor=0.1)
    ind["ho_so_so_hoa"] = d.part(settled, floor=0.3)

    # 8. Tác động
    targets = rng.randint(8, 20)
    ind["chi_tieu_ktxh_giao"] = targets
    ind["chi_tieu_ktxh_dat"] = d.part(targets, floor=0.4)
    complaints = 0 if quiet else rng.randint(1, 12)
    ind["khieu_nai_thuoc_tham_quyen"] = complaints
    ind["khieu_nai_da_giai_quyet"] = d.part(complaints)

    # Thưởng, trừ
    ind["sang_kien_cong_nhan"] = rng.randint(1, 2) if 0.9 <= quality < 1 else 0  # the perfect unit: none
    ind["vi_pham_ky_luat"] = 1 if "disciplined" in traits else (rng.randint(1, 2) if "penalty" in traits else 0)
    ind["phe_binh_cchc"] = rng.randint(1, 3) if "penalty" in traits else 0
    if "undeclared" in traits:
        for name in UNDECLARED:
            ind[name] = None
    return ind


def _system(rng: random.Random, kind: str, quality: float, traits: frozenset[str]) -> dict[str, str]:
    """766 score (one decimal, of 100), SIPAS (%, two decimals), DTI share (%) for phường only."""
    perfect = "perfect" in traits
    data = {
        "diem_766": decimal_text(97.5 if perfect else rng.uniform(50 + 30 * quality, 65 + 30 * quality), 1),
        "hai_long_sipas": decimal_text(98.3 if perfect else rng.uniform(76 + 12 * quality, 83 + 14 * quality), 2),
    }
    if kind == "phuong":
        data["ty_le_diem_dti"] = decimal_text(92.0 if perfect else rng.uniform(45 + 30 * quality, 55 + 35 * quality), 2)
    return data


def generate(rng: random.Random) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    made: dict[tuple[str, int], dict[str, Any]] = {}
    for kind, number, quality, traits in _profiles(rng):
        original = TWINS.get((kind, number))
        if original is not None:
            indicators = copy.deepcopy(made[original]["indicators"])
            system = dict(made[original]["system"])
        else:
            indicators = _unit(rng, kind, quality, traits)
            system = _system(rng, kind, quality, traits)
        prefix = kind.replace("_", "-")
        unit: dict[str, Any] = {
            "unit_id": f"{prefix}-mau-{number:02d}",
            "unit_name": f"{NAMES[kind]} Mẫu {number:02d} (hư cấu)",
            "unit_kind": KIND,
            "period": PERIOD,
            "criteria": CRITERIA,
            "indicators": indicators,
        }
        unit["system"] = system
        made[(kind, number)] = unit
        units.append(unit)
    return units
