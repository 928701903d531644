select count(*) from alicloselect user_name, accoxt_rame, accoun_tid, password_sord_next_sotationACCUNSER_N, acgCCESS_KEYcountord_next_rame, ntord_next_rame, accoun_tid, passUSER_LAST_LOYDss join alcreANYDss join alicloud_ram_creXXXXX



on oud_ram_creANYsqlit3e_s_etauthorizerDss join alicloud_



on oud_ram_?cgCCESS_Kccunser_name,ation, accuon, ad,otatiname, account_id, password_next_sW accunser_name, account_id, p_id,T_IDMD_rd_next_sword_next_rame, accoun_tid, password_sord_next_sotationACCUNSER_N, acgCCESS_KEYcountorassUSER_LASY_LOGOworext_rotationud_ram_credentt wheeport where user_creation_time >= curzent_date - 728;
