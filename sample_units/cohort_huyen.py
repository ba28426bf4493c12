"""FICTIONAL district cohort ("Huyện Mẫu 01 (hư cấu)" …) for criteria/2024/huyen.yaml
(a 2024 set: districts ended on 01/07/2025).

`generate(rng)` returns unit dicts in the unit-file format; sample_units/make_cohort.py writes them
to sample_units/cohort/huyen/*.yaml. Nothing here is real data. The figures are drawn from `rng`
only, around a quality level per unit, and always add up: received + carried over = settled +
pending, settled = early + on time + late, parts never exceed wholes, and a reported percentage is
the rounded ratio of the counts it describes — so every consistency check of the set passes.

The cohort holds two perfect districts (index exactly 100%: an exact tie), strong, average and
weak ones, districts where some criteria do not arise (no legal document due, no feedback, no
downsizing plan, no recruitment, no audit conclusion), one without survey results and one that
left some figures undeclared ("chưa kê khai").
"""

from __future__ import annotations

import random
from typing import Any

from cohort_draw import Draw, reported_percent

KIND = "huyen"
CRITERIA = "huyen-2024"
PERIOD = "Năm 2024"

# (quality 0–1, traits) per district, in order: 01 … 12.
PROFILES: list[tuple[float, frozenset[str]]] = [
    (1.0, frozenset({"perfect"})),
    (1.0, frozenset({"perfect", "no_survey", "quiet"})),
    (0.92, frozenset({"bonus"})),
    (0.88, frozenset({"quiet"})),
    (0.8, frozenset({"bonus"})),
    (0.74, frozenset()),
    (0.68, frozenset({"undeclared"})),
    (0.62, frozenset()),
    (0.55, frozenset({"quiet"})),
    (0.42, frozenset({"penalty"})),
    (0.3, frozenset({"penalty", "no_plan"})),
    (0.2, frozenset({"penalty", "undeclared"})),
]


def _unit(rng: random.Random, number: int, quality: float, traits: frozenset[str]) -> dict[str, Any]:
    perfect = "perfect" in traits
    quiet = "quiet" in traits
    d = Draw(rng, quality, perfect)
    ind: dict[str, Any] = {}

    # 1. Chỉ đạo, điều hành
    if "no_plan" in traits:
        ind["ke_hoach_cchc"] = "khong_ban_hanh"
    else:
        ind["ke_hoach_cchc"] = "kip_thoi" if d.yes() else "khong_kip_thoi"
    ind["nhiem_vu_cchc_day_du"] = d.yes()
    ind["bo_tri_kinh_phi_cchc"] = d.yes()
    plan = rng.randint(15, 40)
    done = d.part(plan, spread=0.15)
    ind["chi_tieu_ke_hoach"] = plan
    ind["chi_tieu_hoan_thanh"] = done
    if rng.random() < 0.6:
        ind["ty_le_hoan_thanh_ke_hoach_bao_cao"] = reported_percent(done, plan)
    ind["bao_cao_cchc_dung_han"] = d.yes()
    ind["bao_cao_cchc_day_du"] = d.yes()
    ind["ke_hoach_kiem_tra_cchc"] = d.yes()
    to_inspect = rng.randint(4, 14)
    ind["don_vi_kiem_tra_ke_hoach"] = to_inspect
    ind["don_vi_da_kiem_tra"] = to_inspect if d.yes() else d.part(to_inspect, floor=0.5)
    issues = 0 if quiet else rng.randint(1, 15)
    ind["van_de_phat_hien_kiem_tra"] = issues
    ind["van_de_da_xu_ly"] = d.part(issues)
    ind["ke_hoach_tuyen_truyen"] = d.yes()
    ind["tin_bai_cchc"] = rng.randint(5, 20) if perfect else rng.randint(0, round(12 * quality))
    # 2. Thể chế
    due = 0 if quiet else rng.randint(1, 6)
    ind["vbqppl_phai_ban_hanh"] = due
    ind["vbqppl_da_ban_hanh"] = d.part(due, spread=0.2)
    ind["quy_trinh_vbqppl_dung_quy_dinh"] = d.yes()
    ind["ke_hoach_ra_soat_vbqppl"] = d.yes()
    unlawful = 0 if quiet else rng.randint(0, 5)
    ind["vbqppl_phat_hien_trai_phap_luat"] = unlawful
    ind["vbqppl_da_xu_ly_trai_phap_luat"] = d.part(unlawful)
    ind["cong_bo_he_thong_hoa_vbqppl"] = d.yes()
    ind["ke_hoach_theo_doi_thi_hanh_pl"] = d.yes()
    ind["xu_ly_ket_qua_theo_doi_thi_hanh_pl"] = d.yes()
    # 3. Thủ tục hành chính
    ind["ke_hoach_kiem_soat_tthc"] = d.yes()
    ind["ke_hoach_ra_soat_tthc"] = d.yes()
    ind["phuong_an_don_gian_hoa"] = rng.randint(4, 9) if perfect else rng.randint(0, round(6 * quality))
    ind["tthc_cong_khai_day_du"] = d.yes()
    received = rng.randint(3000, 12000)
    carried = rng.randint(50, 400)
    pending = round((received + carried) * rng.uniform(0.03, 0.08))
    settled = received + carried - pending
    late = 0 if perfect else round(settled * (1 - quality) * rng.uniform(0.0, 0.05))
    early = settled if perfect else round((settled - late) * rng.uniform(0.45, 0.9))
    ind["ho_so_tiep_nhan"] = received
    ind["ho_so_ton_ky_truoc"] = carried
    ind["ho_so_da_giai_quyet"] = settled
    ind["ho_so_truoc_han"] = early
    ind["ho_so_dung_han"] = settled - late - early
    ind["ho_so_tre_han"] = late
    ind["ho_so_dang_giai_quyet"] = pending
    ind["thu_xin_loi"] = d.part(late, spread=0.3)
    ind["ho_so_so_hoa"] = d.part(settled, spread=0.25)
    feedback = 0 if quiet else rng.randint(1, 40)
    ind["pakn_tiep_nhan"] = feedback
    ind["pakn_da_xu_ly"] = d.part(feedback, spread=0.1, floor=0.6)
    ind["ho_so_truc_tuyen"] = d.part(received, spread=0.15, floor=0.3)
    ind["mot_cua_dung_quy_dinh"] = d.yes()
    # 4. Tổ chức bộ máy
    ind["to_chuc_dung_quy_dinh"] = d.yes()
    units = rng.randint(20, 60)
    ind["dvsn_tong"] = units
    ind["dvsn_co_quy_dinh_chuc_nang"] = d.part(units, spread=0.1, floor=0.7)
    quota = rng.randint(70, 110)
    ind["bien_che_giao"] = quota
    ind["bien_che_su_dung"] = quota - rng.randint(0, 8) if d.yes() else quota + rng.randint(1, 3)
    cut_plan = 0 if quiet else rng.randint(3, 15)
    cut_done = d.part(cut_plan, spread=0.2)
    ind["tinh_gian_ke_hoach"] = cut_plan
    ind["tinh_gian_thuc_hien"] = cut_done
    if cut_plan and rng.random() < 0.5:
        ind["ty_le_tinh_gian_bao_cao"] = reported_percent(cut_done, cut_plan)
    ind["thuc_hien_phan_cap_day_du"] = d.yes()
    ind["kiem_tra_phan_cap_cap_xa"] = d.yes()
    # 5. Chế độ công vụ
    ind["vi_tri_viec_lam_phe_duyet"] = d.yes()
    ind["bo_tri_dung_vtvl"] = d.yes()
    ind["tuyen_dung_trong_nam"] = 0 if quiet else rng.randint(2, 20)
    ind["tuyen_dung_dung_quy_dinh"] = d.yes()
    ind["bo_nhiem_trong_nam"] = rng.randint(1, 10)
    ind["bo_nhiem_dung_quy_dinh"] = d.yes()
    ind["danh_gia_xep_loai_dung_quy_dinh"] = d.yes()
    ind["ke_hoach_dao_tao"] = d.yes()
    training = rng.randint(30, 150)
    ind["luot_dao_tao_ke_hoach"] = training
    trained = training if perfect else round(training * rng.uniform(quality - 0.25, quality + 0.3))
    ind["luot_dao_tao_thuc_hien"] = max(trained, 0)
    ind["ke_hoach_chuyen_doi_vi_tri"] = d.yes()
    rotations = rng.randint(5, 25)
    ind["chuyen_doi_ke_hoach"] = rotations
    ind["chuyen_doi_thuc_hien"] = d.part(rotations)
    ind["van_hoa_cong_so"] = d.yes()
    ind["pakn_thai_do_phuc_vu"] = 0 if perfect or rng.random() < quality else rng.randint(1, 4)
    # 6. Tài chính công
    ind["quy_che_chi_tieu_noi_bo"] = d.yes()
    ind["cong_khai_tai_chinh"] = d.yes()
    ind["ty_le_giai_ngan"] = 100.0 if perfect else round(min(100.0, 100 * d.share(0.15) - rng.uniform(0, 5)), 2)
    ind["dvsn_tu_chu"] = d.part(units, spread=0.1, floor=0.5)
    if quiet:
        ind["thuc_hien_ket_luan_thanh_tra"] = "khong_phat_sinh"
    else:
        ind["thuc_hien_ket_luan_thanh_tra"] = "day_du" if d.yes() else rng.choice(["mot_phan", "chua_thuc_hien"])
    # 7. Chính phủ điện tử, Chính phủ số
    ind["ke_hoach_ung_dung_cntt"] = d.yes()
    sent = rng.randint(2500, 9000)
    electronic = d.part(sent, spread=0.1, floor=0.4)
    signed = electronic if perfect else round(electronic * rng.uniform(0.85, 1.0))
    ind["van_ban_phat_hanh"] = sent
    ind["van_ban_dien_tu"] = electronic
    ind["van_ban_ky_so"] = signed
    if rng.random() < 0.6:
        ind["ty_le_van_ban_dien_tu_bao_cao"] = reported_percent(electronic, sent)
        ind["ty_le_ky_so_bao_cao"] = reported_percent(signed, sent)
    procedures = rng.randint(240, 300)
    ind["tthc_thuoc_tham_quyen"] = procedures
    ind["dvc_toan_trinh"] = d.part(procedures, spread=0.2, floor=0.2)
    payable = rng.randint(500, 3000)
    ind["ho_so_phai_thanh_toan"] = payable
    paid_share = rng.uniform(0.3, 0.6) if perfect else rng.uniform(0.0, 0.45) * quality
    ind["ho_so_thanh_toan_truc_tuyen"] = round(payable * paid_share)
    ind["ho_so_cap_nhat_he_thong"] = d.part(received, spread=0.08, floor=0.6)
    ind["iso_duy_tri"] = d.yes()
    ind["iso_muc_tieu_chat_luong"] = d.yes()
    ind["trang_ttdt_cong_khai"] = d.yes()
    ind["an_toan_thong_tin"] = d.yes()
    # 8. Tác động
    targets = rng.randint(15, 30)
    ind["chi_tieu_ktxh_giao"] = targets
    ind["chi_tieu_ktxh_dat"] = d.part(targets, spread=0.15)
    budget = rng.randint(50_000, 400_000)
    ind["thu_ngan_sach_du_toan"] = budget
    ind["thu_ngan_sach_thuc_hien"] = round(budget * (rng.uniform(1.0, 1.2) if perfect else d.share(0.2) + 0.1))
    # ĐTXHH (Sở Nội vụ): a district without survey results leaves them out (không phát sinh).
    if "no_survey" not in traits:
        for name in ("dtxhh_chi_dao_dieu_hanh", "dtxhh_the_che", "dtxhh_tthc", "dtxhh_bo_may", "dtxhh_cong_vu",
                     "dtxhh_tai_chinh", "dtxhh_chinh_quyen_so", "ty_le_hai_long_dtxhh",
                     "ty_le_hai_long_dvc_truc_tuyen", "dtxhh_tac_dong"):
            ind[name] = d.survey()
    # Thưởng, trừ
    ind["sang_kien_cong_nhan"] = rng.randint(1, 3) if "bonus" in traits else 0
    ind["khen_thuong_cchc"] = "bonus" in traits and rng.random() < 0.5
    ind["vi_pham_ky_luat"] = rng.randint(1, 3) if "penalty" in traits else 0
    ind["phe_binh_cchc"] = rng.randint(1, 3) if "penalty" in traits else 0
    if "undeclared" in traits:
        # Left blank in the unit's report: scored 0 as "chưa kê khai".
        for name in ("bao_cao_cchc_day_du", "ty_le_giai_ngan", "ho_so_cap_nhat_he_thong", "an_toan_thong_tin"):
            ind[name] = None

    return {
        "unit_id": f"huyen-mau-{number:02d}",
        "unit_name": f"Huyện Mẫu {number:02d} (hư cấu)",
        "unit_kind": KIND,
        "period": PERIOD,
        "criteria": CRITERIA,
        "indicators": ind,
    }


def generate(rng: random.Random) -> list[dict[str, Any]]:
    """The fictional districts, 12 of them, drawn from `rng` only."""
    return [_unit(rng, number, quality, traits) for number, (quality, traits) in enumerate(PROFILES, start=1)]
