"""FICTIONAL departments of a province after 1 July 2025 (14 sở, ban, ngành) for criteria/2026/so.yaml.

`generate(rng)` returns unit dicts in the unit-file shape, each with its system data (766 score,
SIPAS satisfaction, DTI where "published") under the key "system"; sample_units/make_cohort.py
writes the units to sample_units/cohort-2026/so/*.yaml and the system data to
sample_units/cohort-2026/he-thong-so.csv. Every unit is FICTIONAL ("Sở Tư pháp (hư cấu)" of no real
province). Figures are drawn only from `rng`, so one seed always gives the same cohort.

The roster follows Decree 150/2025 (12 sở every province has, one special sở) plus a ban ranked
with them: 14 units, as in Hải Phòng's 2025 table of 14 sở, ban, ngành. The figures respect the
set's consistency checks (parts add up to wholes, counts never exceed their base). On purpose:
- vp-ubnd: perfect figures but one official disciplined: its index is above 90% and its rating
  is capped from "Xuất sắc" to "Tốt" (the set's `requires`);
- so-cong-thuong and so-xay-dung: the same figures and system data under two ids: a tie;
- thanh-tra and ban-dan-toc: nothing to do in some criteria (no legal document due, no public
  investment, no staff cut, no audit conclusion) → "không phát sinh";
- so-khcn: leaves some figures out → "chưa kê khai";
- DTI is "published" for eight sở only: 7.5 is không phát sinh for the others;
- no unit gives itself points for the judged leaf 2.1.3: those come with a campaign's
  self-assessment and appraisal (docs/campaign.md), so here it is "chưa kê khai" (0 of 1) for all.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from cohort_draw import Draw, decimal_text

KIND = "so"
CRITERIA = "so-2026"
PERIOD = "Năm 2026"

# (unit id, name, quality 0–1, traits), in table order.
ROSTER: list[tuple[str, str, float, frozenset[str]]] = [
    ("vp-ubnd", "Văn phòng UBND tỉnh", 1.0, frozenset({"perfect", "disciplined", "dti"})),
    ("so-noi-vu", "Sở Nội vụ", 0.95, frozenset({"dti"})),
    ("so-tu-phap", "Sở Tư pháp", 0.9, frozenset({"dti"})),
    ("so-tai-chinh", "Sở Tài chính", 0.86, frozenset({"dti"})),
    ("so-cong-thuong", "Sở Công Thương", 0.82, frozenset({"dti", "twin"})),
    ("so-xay-dung", "Sở Xây dựng", 0.82, frozenset({"dti", "twin"})),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", 0.78, frozenset()),
    ("so-khcn", "Sở Khoa học và Công nghệ", 0.75, frozenset({"dti", "undeclared"})),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", 0.7, frozenset()),
    ("so-gddt", "Sở Giáo dục và Đào tạo", 0.66, frozenset({"dti"})),
    ("so-y-te", "Sở Y tế", 0.6, frozenset()),
    ("thanh-tra", "Thanh tra tỉnh", 0.72, frozenset({"quiet"})),
    ("ban-dan-toc", "Sở Dân tộc và Tôn giáo", 0.55, frozenset({"quiet", "penalty"})),
    ("bql-kkt", "Ban Quản lý Khu kinh tế", 0.45, frozenset({"penalty"})),
]

# Left out by the unit that does not declare everything ("chưa kê khai").
UNDECLARED = ("bao_cao_cchc_day_du", "vbqppl_quy_trinh_dung", "cong_chuc_danh_gia", "cong_chuc_tot_tro_len",
              "ket_noi_chia_se_du_lieu")


def _unit(rng: random.Random, quality: float, traits: frozenset[str]) -> dict[str, Any]:
    perfect = "perfect" in traits
    quiet = "quiet" in traits
    d = Draw(rng, quality, perfect)
    ind: dict[str, Any] = {}

    # -- 1. Chỉ đạo, điều hành -----------------------------------------------------------------
    ind["ke_hoach_cchc"] = "kip_thoi" if d.yes() else ("khong_kip_thoi" if rng.random() < 0.8 else "khong_ban_hanh")
    ind["ke_hoach_day_du_nhiem_vu"] = d.yes()
    ind["ke_hoach_bo_tri_kinh_phi"] = d.yes()
    plan = rng.randint(15, 40)
    ind["chi_tieu_ke_hoach"] = plan
    ind["chi_tieu_hoan_thanh"] = d.part(plan, floor=0.4)
    ind["bao_cao_cchc_dung_han"] = d.yes()
    ind["bao_cao_cchc_day_du"] = d.yes()
    offices = rng.randint(4, 12)
    ind["don_vi_truc_thuoc"] = offices
    ind["ke_hoach_kiem_tra_cchc"] = d.yes()
    to_inspect = rng.randint(2, offices)
    ind["don_vi_kiem_tra_ke_hoach"] = to_inspect
    ind["don_vi_da_kiem_tra"] = d.part(to_inspect)
    ind["xu_ly_sau_kiem_tra"] = d.yes()
    tasks = rng.randint(3, 12)
    ind["nhiem_vu_cchc_duoc_giao"] = tasks
    ind["nhiem_vu_giao_dung_han"] = d.part(tasks)
    ind["ke_hoach_tuyen_truyen"] = d.yes()
    ind["tin_bai_cchc"] = rng.randint(10, 30) if perfect else rng.randint(0, 2 + round(12 * quality))

    # -- 2. Thể chế ------------------------------------------------------------------------------
    due = 0 if quiet else rng.randint(1, 6)
    ind["vbqppl_phai_ban_hanh"] = due
    ind["vbqppl_da_ban_hanh"] = d.part(due)
    ind["vbqppl_quy_trinh_dung"] = d.yes()
    ind["ke_hoach_ra_soat_vbqppl"] = d.yes()
    to_review = rng.randint(20, 150)
    ind["vbqppl_can_ra_soat"] = to_review
    ind["vbqppl_da_ra_soat"] = to_review if perfect or rng.random() < quality else d.part(to_review, floor=0.5)
    to_fix = 0 if quiet else rng.randint(1, 8)
    ind["vbqppl_phai_xu_ly"] = to_fix
    ind["vbqppl_da_xu_ly"] = d.part(to_fix)
    ind["ke_hoach_theo_doi_thpl"] = d.yes()
    ind["bao_cao_theo_doi_thpl"] = d.yes()
    ind["ke_hoach_pbgdpl"] = d.yes()

    # -- 3. Thủ tục hành chính -------------------------------------------------------------------
    ind["ke_hoach_ra_soat_tthc"] = d.yes()
    ind["phuong_an_don_gian_hoa"] = rng.randint(2, 6) if perfect else rng.randint(0, 1 + round(3 * quality))
    if d.yes():
        ind["cong_bo_tthc"] = "da_cong_bo"
    else:
        ind["cong_bo_tthc"] = "dang_tham_muu" if rng.random() < 0.8 else "chua_thuc_hien"
    ind["tthc_cong_khai_day_du"] = d.yes()
    received = rng.randint(300, 8000) if not quiet else rng.randint(20, 120)
    carried = rng.randint(0, received // 10)
    pending = round((received + carried) * rng.uniform(0.01, 0.06))
    settled = received + carried - pending
    late = 0 if perfect else round(settled * rng.uniform(0.0, 0.03 * (1.05 - quality)))
    early = round((settled - late) * rng.uniform(0.55, 0.95))
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
    feedback = 0 if quiet else rng.randint(1, 30)
    ind["pakn_tiep_nhan"] = feedback
    ind["pakn_da_xu_ly"] = d.part(feedback, floor=0.5)

    # -- 4. Tổ chức bộ máy -----------------------------------------------------------------------
    ind["quy_dinh_chuc_nang_nhiem_vu"] = d.yes()
    ind["don_vi_truc_thuoc_co_quy_dinh"] = d.part(offices)
    ind["sap_xep_to_chuc_dung_quy_dinh"] = d.yes()
    quota = rng.randint(30, 110)
    over = not perfect and rng.random() > 0.75 + 0.25 * quality
    staff = quota + rng.randint(1, 3) if over else quota - rng.randint(0, 8)
    ind["bien_che_giao"] = quota
    ind["bien_che_su_dung"] = staff
    cuts = 0 if quiet else rng.randint(1, 5)
    ind["tinh_gian_ke_hoach"] = cuts
    ind["tinh_gian_thuc_hien"] = cuts if perfect or rng.random() < quality else d.part(cuts)
    ind["phan_bo_bien_che"] = d.yes()
    ind["thuc_hien_phan_cap"] = d.yes()
    ind["kiem_tra_phan_cap"] = d.yes()

    # -- 5. Chế độ công vụ -----------------------------------------------------------------------
    ind["de_an_vi_tri_viec_lam"] = d.yes()
    ind["bo_tri_dung_vi_tri"] = d.yes()
    ind["so_tuyen_dung"] = 0 if quiet else rng.randint(0, 8)
    ind["tuyen_dung_dung_quy_dinh"] = d.yes()
    rotation = rng.randint(2, 10)
    ind["chuyen_doi_vi_tri_ke_hoach"] = rotation
    ind["chuyen_doi_vi_tri_thuc_hien"] = d.part(rotation)
    ind["danh_gia_xep_loai_dung_quy_dinh"] = d.yes()
    ind["cong_chuc_danh_gia"] = staff
    ind["cong_chuc_tot_tro_len"] = d.part(staff, floor=0.4)
    ind["ke_hoach_dao_tao"] = d.yes()
    training = rng.randint(20, 140)
    ind["luot_dao_tao_ke_hoach"] = training
    ind["luot_dao_tao_thuc_hien"] = d.part(training, floor=0.3)
    ind["quy_che_van_hoa_cong_vu"] = d.yes()
    ind["kiem_tra_cong_vu"] = d.yes()
    ind["pakn_thai_do_phuc_vu"] = 0 if quality >= 0.8 else rng.randint(0, 2)

    # -- 6. Tài chính công -----------------------------------------------------------------------
    ind["quy_che_chi_tieu_noi_bo"] = d.yes()
    ind["cong_khai_tai_chinh"] = d.yes()
    if quiet:
        ind["thuc_hien_ket_luan_thanh_tra"] = "khong_phat_sinh"
    else:
        ind["thuc_hien_ket_luan_thanh_tra"] = "day_du" if d.yes() else "mot_phan"
    investment = 0 if quiet else rng.randint(5, 500) * 1000
    ind["von_dau_tu_giao"] = investment
    ind["von_dau_tu_giai_ngan"] = d.part(investment, floor=0.4)
    ind["tu_chu_kinh_phi_hanh_chinh"] = d.yes()
    service_units = 0 if quiet else rng.randint(1, 8)
    ind["dvsn_truc_thuoc"] = service_units
    ind["dvsn_giao_tu_chu"] = d.part(service_units)
    budget = rng.randint(8, 90) * 1000
    ind["du_toan_chi_thuong_xuyen"] = budget
    ind["kinh_phi_tiet_kiem"] = round(budget * (0.05 if perfect else rng.uniform(0.0, 0.06 * quality)))
    ind["quan_ly_tai_san_cong"] = d.yes()

    # -- 7. Chính quyền số -----------------------------------------------------------------------
    ind["ke_hoach_chuyen_doi_so"] = d.yes()
    digital = rng.randint(8, 25)
    ind["nhiem_vu_cds"] = digital
    ind["nhiem_vu_cds_hoan_thanh"] = d.part(digital, floor=0.4)
    ind["an_toan_thong_tin"] = d.yes()
    issued = rng.randint(1500, 9000)
    electronic = d.part(issued, floor=0.5)
    ind["van_ban_phat_hanh"] = issued
    ind["van_ban_dien_tu"] = electronic
    ind["van_ban_ky_so"] = d.part(electronic, floor=0.5)
    procedures = rng.randint(40, 200) if not quiet else rng.randint(5, 20)
    ind["tthc_thuoc_tham_quyen"] = procedures
    ind["dvc_toan_trinh"] = d.part(procedures, floor=0.3)
    ind["ho_so_truc_tuyen"] = d.part(received, floor=0.3)
    with_fee = 0 if quiet else round(received * rng.uniform(0.15, 0.5))
    ind["ho_so_phai_thanh_toan"] = with_fee
    ind["ho_so_thanh_toan_truc_tuyen"] = d.part(with_fee, floor=0.1)
    ind["ho_so_so_hoa"] = d.part(settled, floor=0.3)
    ind["ket_noi_chia_se_du_lieu"] = d.yes()
    ind["phan_mem_quan_ly_van_ban"] = d.yes()
    ind["phan_mem_dung_chung"] = d.yes()

    # -- 8. Tác động ------------------------------------------------------------------------------
    targets = rng.randint(4, 15)
    ind["chi_tieu_ktxh_giao"] = targets
    ind["chi_tieu_ktxh_dat"] = d.part(targets, floor=0.4)
    if perfect or quality >= 0.9:
        ind["xep_loai_co_quan"] = "xuat_sac"
    elif quality >= 0.7:
        ind["xep_loai_co_quan"] = "tot"
    else:
        ind["xep_loai_co_quan"] = "hoan_thanh" if quality >= 0.5 else "khong_hoan_thanh"

    # -- Thưởng, trừ -----------------------------------------------------------------------------
    ind["sang_kien_cong_nhan"] = rng.randint(1, 3) if 0.85 <= quality < 1 else 0  # the perfect unit: none
    ind["mo_hinh_nhan_rong"] = rng.randint(0, 2) if 0.85 <= quality < 1 else 0
    ind["vi_pham_ky_luat"] = 1 if "disciplined" in traits else (rng.randint(1, 2) if "penalty" in traits else 0)
    ind["bi_phe_binh_cchc"] = rng.randint(1, 3) if "penalty" in traits else 0
    if "undeclared" in traits:
        for name in UNDECLARED:
            ind[name] = None
    return ind


def _system(rng: random.Random, quality: float, traits: frozenset[str]) -> dict[str, str]:
    """The unit's system data as the Sở exports it: 766 score (one decimal, of 100), SIPAS (%, two
    decimals), DTI share (%, two decimals) for the units whose DTI is published."""
    perfect = "perfect" in traits
    data = {
        "diem_766": decimal_text(98.5 if perfect else rng.uniform(55 + 30 * quality, 70 + 25 * quality), 1),
        "hai_long_sipas": decimal_text(97.8 if perfect else rng.uniform(78 + 12 * quality, 84 + 13 * quality), 2),
    }
    if "dti" in traits:
        data["ty_le_diem_dti"] = decimal_text(95.0 if perfect else rng.uniform(50 + 30 * quality, 60 + 30 * quality), 2)
    return data


def generate(rng: random.Random) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    twin: dict[str, Any] | None = None
    for unit_id, name, quality, traits in ROSTER:
        if "twin" in traits and twin is not None:
            indicators, system = copy.deepcopy(twin["indicators"]), dict(twin["system"])
        else:
            indicators, system = _unit(rng, quality, traits), _system(rng, quality, traits)
        unit: dict[str, Any] = {
            "unit_id": unit_id,
            "unit_name": f"{name} (hư cấu)",
            "unit_kind": KIND,
            "period": PERIOD,
            "criteria": CRITERIA,
            "indicators": indicators,
        }
        unit["system"] = system
        if "twin" in traits and twin is None:
            twin = unit
        units.append(unit)
    return units
